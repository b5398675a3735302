from django.urls import path

from portal.advice import views

app_name = "advice"

urlpatterns = [
    path("advice/", views.advice_search, name="index"),
    path("advice/<slug:slug>/", views.advice_detail, name="detail"),
    path("find-help/", views.find_help_start, name="find_help"),
    path("find-help/results/", views.find_help_results, name="find_help_results"),
    path("find-help/<slug:question>/", views.find_help_question, name="find_help_question"),
]
