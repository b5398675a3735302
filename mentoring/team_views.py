"""The central team's mentoring pages outside the admin: batch matching and the programme report. Both
need the central team's two-factor sign-in, as the admin does; anyone else is refused (403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from mentoring.batch import propose
from mentoring.report import programme_report
from mentoring.services import batch_offers_send
from portal.rules import rule_required


@login_required
@rule_required("mentoring.manage_scheme")
@require_http_methods(["GET", "POST"])
def matching(request):
    """The central team: a proposal matching every open request to mentors with room, to keep or drop
    pair by pair, then send as offers."""
    if request.method == "POST":
        pairs = []
        for value in request.POST.getlist("keep"):
            request_id, _, mentor_id = value.partition(":")
            if request_id.isdigit() and mentor_id.isdigit():
                pairs.append((int(request_id), int(mentor_id)))
        if not pairs:
            messages.error(request, "Keep at least one pair to send offers.")
            return redirect("mentoring:matching")
        sent, skipped = batch_offers_send(pairs=pairs)
        messages.success(request, f"{sent} offer{'s' if sent != 1 else ''} sent to mentors.")
        for reason in skipped:
            messages.warning(request, reason)
        return redirect("mentoring:matching")
    proposal = propose()
    return render(request, "mentoring/matching.html", {"proposal": proposal})


@login_required
@rule_required("mentoring.manage_scheme")
@require_GET
def report(request):
    """The central team: the programme report."""
    return render(request, "mentoring/report.html", programme_report())
