from django.urls import path

from innovations import views

app_name = "innovations"

urlpatterns = [
    path("", views.search, name="index"),
    path("feed/", views.search_feed, name="feed"),
    path("<slug:slug>/", views.detail, name="detail"),
]
