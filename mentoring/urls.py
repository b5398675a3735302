from django.urls import path

from portal import views as portal_views

app_name = "mentoring"

urlpatterns = [
    path(
        "",
        portal_views.coming_soon,
        {
            "title": "Mentoring",
            "description": "Find a mentor who has scaled an idea before, or offer your own time to help others.",
            "support_type": "mentoring",
        },
        name="index",
    ),
]
