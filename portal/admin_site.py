import rules
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from portal.rules import has_two_factor, is_central_team


def admin_permission(request) -> bool:
    """The admin site's own check: the central team, with two-factor sign-in set up."""
    return rules.has_perm("portal.use_admin", request.user)


def staff_login(request, extra_context=None):
    """Admin sign-in goes through the portal's own sign-in (with its rate limits); a signed-in user who is
    not in the central team is refused rather than shown a second sign-in form."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.GET.get("next") or request.get_full_path())
    if is_central_team.test(request.user) and not has_two_factor.test(request.user):
        messages.warning(
            request,
            "Set up two-factor authentication before you use the admin: the central team can change "
            "everything on the portal, so signing in takes your password and a code.",
        )
        return redirect("mfa_index")
    if not rules.has_perm("portal.use_admin", request.user):
        raise PermissionDenied("Only the central team can use the admin site.")
    next_url = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("admin:index")


def central_team_pages() -> list[dict]:
    """The central team's pages outside the admin's lists, for its home page: mentoring's batch matching
    and programme report, and each award round's leaderboard and decisions."""
    from awards.models import Round, RoundState

    pages = [
        {
            "title": "Batch matching",
            "url": reverse("mentoring:matching"),
            "about": "Every open request for a mentor matched at once, never over a mentor's room.",
        },
        {
            "title": "Mentoring programme report",
            "url": reverse("mentoring:report"),
            "about": "Requests, matches, mentorships and how they ended, month by month.",
        },
    ]
    for round_ in Round.objects.select_related("award").order_by("-year", "award__name"):
        state = round_.state()
        if state in {RoundState.UPCOMING, RoundState.OPEN}:
            continue
        pages.append(
            {
                "title": f"Leaderboard and decisions: {round_}",
                "url": reverse("awards:leaderboard", args=[round_.award.slug, round_.year]),
                "about": RoundState(state).label,
            }
        )
    return pages


def central_team_index(index):
    """The admin's home page with the central team's own pages above the lists."""

    def view(request, extra_context=None):
        return index(
            request, extra_context={"central_team_pages": central_team_pages(), **(extra_context or {})}
        )

    return view
