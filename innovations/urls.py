from django.urls import path

from portal import views as portal_views

app_name = "innovations"

urlpatterns = [
    path(
        "",
        portal_views.coming_soon,
        {
            "title": "Find innovations",
            "description": "Search innovations that worked in other public services, with the evidence, "
            "the cost and who has adopted them.",
        },
        name="index",
    ),
]
