"""The mentor scheme's pages. The directory and mentors' profiles are open to anyone and show approved
mentors only; offering to mentor and a mentor's availability are the signed-in user's own, looked up by
who is signed in (never by an id in the address)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from mentoring.catalogue import MENTOR_CATALOGUE, mentors_for_ids
from mentoring.forms import AcceptForm, AskForm, AvailabilityForm, ChooseForm, DeclineForm, OfferForm
from mentoring.matching import suggest_mentors
from mentoring.models import Mentor, Mentorship, RequestStatus
from mentoring.selectors import (
    mentee_overview,
    mentor_asked_for,
    mentor_dashboard,
    offer_for_mentor,
    request_for_requester,
)
from mentoring.services import (
    mentor_for_user,
    mentor_is_editable,
    mentor_offer_accept,
    mentor_offer_decline,
    mentor_request_choose,
    mentor_request_create,
    mentor_request_withdraw,
    mentor_save_offer,
    mentor_set_availability,
    mentor_submit,
    offer_missing,
)
from portal.advice.models import AdviceSource
from portal.core.once import FormOnce, form_token
from portal.moderation.models import AlreadyDone, Status, WorkflowError
from portal.search.engine import run_search
from portal.search.forms import search_form
from portal.search.pages import LazyCards, back_to_results, search_page_context
from portal.services import organisation_chosen_in


@require_GET
def mentoring_home(request):
    """Anyone: what the mentor scheme offers; signed in, where your own offer to mentor stands."""
    mentor = mentor_for_user(request.user) if request.user.is_authenticated else None
    dashboard = mentor_dashboard(mentor=mentor, params=request.GET) if mentor else {}
    mine = mentee_overview(user=request.user) if request.user.is_authenticated else {}
    return render(
        request,
        "mentoring/mentoring_home.html",
        {
            "mentor": mentor,
            **dashboard,
            **mine,
            "missing": offer_missing(mentor) if mentor and mentor_is_editable(mentor) else [],
            "mentors_count": Mentor.objects.findable().count(),
            "advice_count": AdviceSource.objects.active().filter(support_types__slug="mentoring").count(),
        },
    )


@require_GET
def mentor_search(request):
    """Anyone: search and filter approved mentors who are taking mentees. The URL is the whole state."""
    form = search_form(MENTOR_CATALOGUE, request.GET)
    query = form.search_query()
    result = run_search(form.catalogue, query)
    context = search_page_context(form=form, result=result, request_params=request.GET)
    mentors = LazyCards(lambda: mentors_for_ids(result.ids, result.tsquery))
    context.update({"query": query, "mentors": mentors})
    return render(request, "mentoring/mentor_search.html", context)


@require_GET
def mentor_detail(request, slug: str):
    """Anyone: an approved mentor's public profile (never their email address)."""
    mentor = get_object_or_404(
        Mentor.objects.approved().select_related("user__organisation", "brought_in_by"), slug=slug
    )
    prefetch_related_objects([mentor], "policy_areas")
    return render(
        request,
        "mentoring/mentor_detail.html",
        {"mentor": mentor, "back_url": back_to_results(request, reverse("mentors:index"))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer(request):
    """Signed in: write (or change) your own offer to mentor; save it as a draft or send it to the
    central team. Nothing typed is lost: a refused submission shows the form again with every answer."""
    mentor = mentor_for_user(request.user)
    if not mentor_is_editable(mentor):
        return redirect("mentoring:index")
    initial = OfferForm.initial_for(request.user, mentor)
    submitting = request.POST.get("action") == "submit"
    form = OfferForm(request.POST or None, initial=initial, sending=submitting)
    if request.method == "POST" and form.is_valid() and submitting:
        form.check_complete()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        problem = None
        try:
            with FormOnce(request) as once:  # the first save makes the offer: once, however often sent
                if once.result_url:
                    return redirect(once.result_url)
                account = {"full_name": data["full_name"].strip(), "job_title": data["job_title"].strip()}
                if data["organisation_name"]:
                    account["organisation"] = organisation_chosen_in(data, user=request.user)
                mentor = mentor_save_offer(
                    user=request.user, offer=form.offer(), policy_areas=data["policy_areas"], account=account
                )
                sent = submitting or mentor.status == Status.SUBMITTED
                if submitting and mentor.status != Status.SUBMITTED:
                    try:
                        mentor_submit(mentor=mentor)
                    except AlreadyDone:  # sent meanwhile, from another page
                        pass
                    except WorkflowError as exc:  # kept as a draft; the form says why it was not sent
                        problem = exc
                if problem is None:
                    once.done(reverse("mentoring:offer_sent" if sent else "mentoring:index"))
        except WorkflowError as exc:  # nothing was saved
            problem = exc
        if problem is not None:
            form.add_error(None, str(problem))
        elif sent:
            return redirect("mentoring:offer_sent")
        else:
            messages.success(
                request, "Your offer to mentor has been saved. You can come back to it at any time."
            )
            return redirect("mentoring:index")
    return render(
        request,
        "mentoring/offer_form.html",
        {"form": form, "mentor": mentor, "form_token": form_token(request)},
    )


@login_required
@require_GET
def offer_sent(request):
    """Signed in: the confirmation that your offer is with the central team."""
    mentor = mentor_for_user(request.user)
    if mentor is None or mentor.status != Status.SUBMITTED:
        raise Http404("No offer waiting for review.")
    return render(request, "mentoring/offer_sent.html", {"mentor": mentor})


@login_required
@require_http_methods(["GET", "POST"])
def availability(request):
    """An approved mentor: pause or resume taking mentees, or change how many at once, straight away."""
    mentor = mentor_for_user(request.user)
    if mentor is None or mentor.status != Status.PUBLISHED:
        raise Http404("Only approved mentors set their availability.")
    form = AvailabilityForm(
        request.POST or None,
        initial={"taking_mentees": "yes" if mentor.taking_mentees else "no", "capacity": mentor.capacity},
    )
    if request.method == "POST" and form.is_valid():
        try:
            mentor = mentor_set_availability(
                mentor=mentor,
                taking_mentees=form.cleaned_data["taking_mentees"],
                capacity=form.cleaned_data["capacity"],
            )
        except WorkflowError as exc:
            form.add_error("capacity", str(exc))
        else:
            messages.success(
                request,
                "You are taking new mentees: your profile is in the list of mentors."
                if mentor.taking_mentees
                else "You have paused: your profile has left the list of mentors until you resume.",
            )
            return redirect("mentoring:index")
    return render(request, "mentoring/availability_form.html", {"form": form, "mentor": mentor})


@login_required
@require_http_methods(["GET", "POST"])
def ask(request):
    """Signed in: ask for a mentor; the suggestions follow, with the mentor asked for by name (from
    their profile's "Ask this mentor") as the first choice."""
    asked = mentor_asked_for(slug=request.GET.get("mentor"))
    form = AskForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with FormOnce(request) as once:
            if once.result_url:  # the same form sent twice: the first made the request
                return redirect(once.result_url)
            mentor_request = mentor_request_create(
                requester=request.user,
                idea=data["idea"].strip(),
                stage=data["stage"],
                themes=data["themes"],
                policy_areas=data["policy_areas"],
                region=data["region"],
                formats=data["formats"],
                wants=data["wants"].strip(),
                innovation=data["innovation"],
                not_own_organisation=data["not_own_organisation"],
            )
            choose = reverse("mentoring:request_choose", kwargs={"pk": mentor_request.pk})
            target = f"{choose}?mentor={asked.slug}" if asked else choose
            once.done(target)
        return redirect(target)
    return render(
        request,
        "mentoring/request_form.html",
        {"form": form, "asked": asked, "form_token": form_token(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_choose(request, pk: int):
    """The requester: the five mentors who fit best, each with why, and up to three chosen in order."""
    mentor_request = request_for_requester(user=request.user, pk=pk)
    if mentor_request.status not in {RequestStatus.CHOOSING, RequestStatus.NO_MATCH}:
        return redirect("mentoring:request_detail", pk=pk)
    asked = mentor_asked_for(slug=request.GET.get("mentor"))
    suggestions = suggest_mentors(mentor_request, including=[asked.pk] if asked else ())
    asked_suggested = asked is not None and any(s.mentor.pk == asked.pk for s in suggestions)
    form = ChooseForm(
        request.POST or None, suggestions=suggestions, initial={"first": asked.pk} if asked_suggested else {}
    )
    if request.method == "POST" and form.is_valid():
        try:
            with FormOnce(request) as once:
                if not once.result_url:  # a repeat of the same form only goes on to the request
                    mentor_request_choose(request=mentor_request, mentor_ids=form.cleaned_data["chosen"])
                    once.done(reverse("mentoring:request_detail", args=[pk]))
                    messages.success(request, "Your request has been sent to your first choice of mentor.")
        except AlreadyDone:  # chosen from another page meanwhile
            pass
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        if not form.errors:
            return redirect("mentoring:request_detail", pk=pk)
    return render(
        request,
        "mentoring/request_choose.html",
        {
            "mentor_request": mentor_request, "suggestions": suggestions, "form": form, "asked": asked,
            "asked_suggested": asked_suggested, "form_token": form_token(request),
        },
    )  # fmt: skip


@login_required
@require_GET
def request_detail(request, pk: int):
    """The requester: where their request stands, and each chosen mentor's answer so far."""
    mentor_request = request_for_requester(user=request.user, pk=pk)
    offers = list(mentor_request.offers.select_related("mentor__user__organisation"))
    mentorship = Mentorship.objects.filter(request=mentor_request).first()
    return render(
        request,
        "mentoring/request_detail.html",
        {"mentor_request": mentor_request, "offers": offers, "mentorship": mentorship},
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_withdraw(request, pk: int):
    """The requester: withdraw a request that has no mentor yet, after confirming."""
    mentor_request = request_for_requester(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            mentor_request_withdraw(request=mentor_request)
        except AlreadyDone:
            pass
        except WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect("mentoring:request_detail", pk=pk)
        messages.success(request, "Your request has been withdrawn.")
        return redirect("mentoring:index")
    return render(request, "mentoring/request_withdraw.html", {"mentor_request": mentor_request})


@login_required
@require_http_methods(["GET", "POST"])
def offer_answer(request, pk: int):
    """The mentor a request was sent to: read it, then accept or decline (with a reason). An answer the
    service refuses (no room left, a request withdrawn meanwhile) is shown as an error on the page."""
    offer = offer_for_mentor(user=request.user, pk=pk)
    action = request.POST.get("action")
    accept_form = AcceptForm(request.POST if action == "accept" else None)
    decline_form = DeclineForm(request.POST if action == "decline" else None)
    if request.method == "POST":
        try:
            if action == "accept" and accept_form.is_valid():
                mentorship = mentor_offer_accept(offer=offer)
                messages.success(request, f"You are now mentoring {offer.request.requester.get_full_name()}.")
                return redirect("mentoring:mentorship", pk=mentorship.pk)
            if decline_form.is_valid():
                mentor_offer_decline(offer=offer, reason=decline_form.cleaned_data["reason"])
                messages.success(
                    request, "You have declined the request. Thank you for letting them know quickly."
                )
                return redirect("mentoring:index")
        except AlreadyDone:
            return redirect("mentoring:index")
        except WorkflowError as exc:
            (accept_form if action == "accept" else decline_form).add_error(None, str(exc))
            offer = offer_for_mentor(user=request.user, pk=pk)  # as it stands now
    return render(
        request,
        "mentoring/offer_answer.html",
        {
            "offer": offer,
            "mentor_request": offer.request,
            "form": accept_form if accept_form.errors else decline_form,  # the error summary reads `form`
            "decline_form": decline_form,
        },
    )
