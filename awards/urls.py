from django.urls import path

from awards import views

app_name = "awards"

urlpatterns = [
    path("", views.awards_home, name="index"),
    path("<slug:award>/<int:year>/", views.round_detail, name="round"),
]
