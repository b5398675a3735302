from django.urls import path

from mentoring import views

app_name = "mentoring"

urlpatterns = [
    path("", views.mentoring_home, name="index"),
    path("offer/", views.offer, name="offer"),
    path("offer/sent/", views.offer_sent, name="offer_sent"),
    path("availability/", views.availability, name="availability"),
]
