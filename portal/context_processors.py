import rules
from django.conf import settings
from django.urls import reverse


def site(request):
    """The service name, the central team's address and the header navigation, on every page."""
    path = request.path
    sections = [
        ("Find innovations", reverse("innovations:index")),
        ("Get advice", reverse("advice:index")),
        ("Mentoring", reverse("mentoring:index")),
        ("Awards", reverse("awards:index")),
    ]
    return {
        "SITE_NAME": settings.SITE_NAME,
        "CENTRAL_TEAM_EMAIL": settings.CENTRAL_TEAM_EMAIL,
        "SHOW_EXAMPLE_NOTICE": settings.DEBUG,
        "nav_items": [
            {"text": text, "href": href, "active": path.startswith(href)} for text, href in sections
        ],
        "account_active": path.startswith(reverse("portal:account")),
        # Asked of the rules alone (no permission tables read): it is on every page.
        "can_use_admin": rules.has_perm("portal.use_admin", request.user),
    }
