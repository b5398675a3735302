import rules
from django.conf import settings
from django.urls import reverse

from awards.models import Judge


def site(request):
    """The service name, the central team's address and the header navigation, on every page."""
    path = request.path
    # The sections, on the menu's first row (with the admin for the central team).
    sections = [
        ("Find innovations", reverse("innovations:index")),
        ("Get advice", reverse("advice:index")),
        ("Mentoring", reverse("mentoring:index")),
        ("Awards", reverse("awards:index")),
    ]
    # Pages that belong to a section whose address they do not start with: the mentor directory is
    # part of mentoring.
    also = {reverse("mentors:index"): reverse("mentoring:index")}
    yours, is_judge = [], False
    if request.user.is_authenticated:
        # What a signed-in person keeps, on the menu's second row: reachable from every page.
        yours = [
            ("Your innovations", reverse("innovations:yours")),
            ("Saved searches", reverse("innovations:saved")),
            ("Shortlist", reverse("innovations:shortlist")),
            ("Your nominations", reverse("awards:yours")),
        ]
        is_judge = Judge.objects.filter(user=request.user).exists()
        if is_judge:
            yours.append(("Your judging", reverse("awards:queue")))
    # The section the page is in: the longest address it starts with (/innovations/yours/ is "Your
    # innovations", not "Find innovations").
    current = max((href for _text, href in sections + yours if path.startswith(href)), key=len, default=None)
    current = current or next((section for prefix, section in also.items() if path.startswith(prefix)), None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "CENTRAL_TEAM_EMAIL": settings.CENTRAL_TEAM_EMAIL,
        "SHOW_EXAMPLE_NOTICE": settings.DEBUG,
        "nav_items": [{"text": text, "href": href, "active": href == current} for text, href in sections],
        "nav_yours": [{"text": text, "href": href, "active": href == current} for text, href in yours],
        # Appointed to judge a round: their judging is linked from the menu, the account and the awards.
        "is_judge": is_judge,
        "account_active": path.startswith(reverse("portal:account")),
        # Asked of the rules alone (no permission tables read): it is on every page.
        "can_use_admin": rules.has_perm("portal.use_admin", request.user),
    }
