import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.advice.models import AdviceSource
from portal.core.vocabulary import STAGE_DESCRIPTIONS, Stage
from portal.forms import AccountForm
from portal.rules import has_two_factor, is_central_team
from portal.services import user_update_details


@require_GET
def home(request):
    """Anyone: what the service is for and the way into each of its parts."""
    stages = [(stage.value, stage.label, STAGE_DESCRIPTIONS[stage]) for stage in Stage]
    return render(request, "portal/home.html", {"stages": stages})


@require_GET
def static_page(request, template_name: str):
    """Anyone: the accessibility statement, cookies page and privacy notice."""
    return render(request, template_name)


@require_GET
def coming_soon(
    request,
    title: str,
    description: str,
    meanwhile: str = "",
    meanwhile_url: str = "",
    support_type: str = "",
):
    """Anyone: a part of the service that is not open yet, what it will do, and what exists now: the
    sources of advice that offer `support_type` (mentoring, say), counted."""
    sources = (
        AdviceSource.objects.active().filter(support_types__slug=support_type).count() if support_type else 0
    )
    return render(
        request,
        "portal/coming_soon.html",
        {
            "title": title,
            "description": description,
            "meanwhile": meanwhile,
            "meanwhile_url": meanwhile_url,
            "support_type": support_type,
            "sources": sources,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    """Signed-in users: their own details, and nobody else's (the page only ever shows request.user)."""
    user = request.user
    if request.method == "POST":
        form = AccountForm(request.POST)
        if form.is_valid():
            user_update_details(user=user, **form.cleaned_data)
            messages.success(request, "Your details have been saved.")
            organisation, data = user.organisation, form.cleaned_data
            if organisation and any(
                data[field] and data[field] != getattr(organisation, field)
                for field in ["organisation_type", "region"]
            ):
                messages.info(
                    request,
                    f"{organisation.name} is shared by everyone who works there, so your change to its "
                    "type or region has been sent to the central team to check.",
                )
            return redirect("portal:account")
    else:
        organisation = user.organisation
        form = AccountForm(
            initial={
                "full_name": user.full_name,
                "job_title": user.job_title,
                "organisation_name": organisation.name if organisation else "",
                "organisation_type": organisation.organisation_type if organisation else "",
                "region": organisation.region if organisation else "",
            }
        )
    return render(
        request,
        "portal/account.html",
        {"form": form, "two_factor": has_two_factor.test(user), "central_team": is_central_team.test(user)},
    )


@require_GET
def favicon(request):
    """Anyone (browsers ask for /favicon.ico whatever the page says): the portal's icon. Its hashed static
    address is looked up when asked, as the manifest exists only once static files are collected."""
    return HttpResponsePermanentRedirect(static("images/favicon.svg"))


@never_cache
@require_GET
def healthz(request):
    """Anyone (load balancers): 200 after one database round trip, 503 when the database is unreachable.
    It renders no template, so it is the cheapest page the portal serves."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def csrf_failure(request, reason=""):
    """Shown when a form is sent without a valid CSRF token, usually because the page was open too long."""
    return render(request, "403_csrf.html", status=403)


# Seconds a client is asked to wait when the database cannot be reached.
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """The 500 page, rendered without the request's context processors: the user lookup or the database
    may be what failed. When it is the database that cannot be reached (or gave up on a query), the
    service is unavailable rather than broken: 503, with Retry-After, as /healthz answers then."""
    context = {"SITE_NAME": settings.SITE_NAME, "CENTRAL_TEAM_EMAIL": settings.CENTRAL_TEAM_EMAIL}
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"detail": "The service is unavailable. Try again in a few minutes."}, status=503
            )
        else:
            response = HttpResponse(render_to_string("503.html", context), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(render_to_string("500.html", context))
