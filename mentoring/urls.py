from django.urls import path

from mentoring import views

app_name = "mentoring"

urlpatterns = [
    path("", views.mentoring_home, name="index"),
    path("offer/", views.offer, name="offer"),
    path("offer/sent/", views.offer_sent, name="offer_sent"),
    path("availability/", views.availability, name="availability"),
    path("ask/", views.ask, name="ask"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/choose/", views.request_choose, name="request_choose"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("offers/<int:pk>/", views.offer_answer, name="offer_answer"),
    path("mentorships/<int:pk>/", views.mentorship_detail, name="mentorship"),
]
