from django.urls import path

from portal import views as portal_views

app_name = "awards"

urlpatterns = [
    path(
        "",
        portal_views.coming_soon,
        {
            "title": "Awards",
            "description": "Nominate people and teams who scale ideas well for the Scaling Up Champions award.",
            "meanwhile": "See the innovations other organisations have adopted: the teams behind them are "
            "who the award is for",
            "meanwhile_url": "/innovations/?adopted=yes",
        },
        name="index",
    ),
]
