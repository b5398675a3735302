"""The mentor directory, at /mentors/: its search and a public page per mentor."""

from django.urls import path

from mentoring import views

app_name = "mentors"

urlpatterns = [
    path("", views.mentor_search, name="index"),
    path("<slug:slug>/", views.mentor_detail, name="detail"),
]
