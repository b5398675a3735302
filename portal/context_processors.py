import rules
from django.conf import settings
from django.urls import reverse


def site(request):
    """The service name, the central team's address and the header navigation, on every page."""
    path = request.path
    # Awards are reached from the home page and the round pages: the signed-in menu (with the admin for the
    # central team) has no room left on one row at 1280 px.
    sections = [
        ("Find innovations", reverse("innovations:index")),
        ("Get advice", reverse("advice:index")),
        ("Mentoring", reverse("mentoring:index")),
    ]
    # Pages that belong to a section whose address they do not start with: the mentor directory is
    # part of mentoring.
    also = {reverse("mentors:index"): reverse("mentoring:index")}
    if request.user.is_authenticated:
        # What a signed-in person keeps: reachable from every page.
        sections += [
            ("Your innovations", reverse("innovations:yours")),
            ("Saved searches", reverse("innovations:saved")),
            ("Shortlist", reverse("innovations:shortlist")),
        ]
    # The section the page is in: the longest address it starts with (/innovations/yours/ is "Your
    # innovations", not "Find innovations").
    current = max((href for _text, href in sections if path.startswith(href)), key=len, default=None)
    current = current or next((section for prefix, section in also.items() if path.startswith(prefix)), None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "CENTRAL_TEAM_EMAIL": settings.CENTRAL_TEAM_EMAIL,
        "SHOW_EXAMPLE_NOTICE": settings.DEBUG,
        "nav_items": [{"text": text, "href": href, "active": href == current} for text, href in sections],
        "account_active": path.startswith(reverse("portal:account")),
        # Asked of the rules alone (no permission tables read): it is on every page.
        "can_use_admin": rules.has_perm("portal.use_admin", request.user),
    }
