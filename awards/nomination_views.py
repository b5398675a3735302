"""Nominating, through a GOV.UK task list: the signed-in nominator's own nominations only (404 for
anyone else), changeable until the round closes (checked on the server at every step)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from awards.forms import (
    InnovationSearchForm,
    LinksForm,
    NomineeForm,
    StatementForm,
    SummaryForm,
    people_formset,
)
from awards.models import STATEMENT_PARTS, NominationStatus, NomineeKind
from awards.selectors import nomination_for_nominator, nominations_of, round_for_public
from awards.services import (
    MAX_TEAM,
    closed_message,
    nomination_save,
    nomination_save_category,
    nomination_save_people,
    nomination_start,
    nomination_submit,
    nomination_withdraw,
    statement_save,
)
from awards.tasklist import NominationTasks, nomination_problems, nomination_sections
from portal.core.once import FormOnce, form_token
from portal.core.text import count_words
from portal.moderation.models import AlreadyDone, WorkflowError
from portal.moderation.tasklist import progress, tasks
from portal.search.engine import SearchQuery
from portal.search.registry import get as catalogue


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request, award: str, year: int):
    """Signed in: the start of a nomination for an open round. Sent twice (a double click, a retry), the
    form starts one nomination: the second post gets the first's task list."""
    round_ = round_for_public(award=award, year=year)
    if request.method == "POST":
        with FormOnce(request) as once:
            if once.result_url:
                return redirect(once.result_url)
            try:
                nomination = nomination_start(round_=round_, user=request.user)
            except WorkflowError as exc:
                messages.error(request, str(exc))
                return redirect(round_.get_absolute_url())
            once.done(reverse("awards:nomination", args=[nomination.pk]))
        return redirect("awards:nomination", pk=nomination.pk)
    return render(
        request, "awards/nomination_start.html", {"round": round_, "form_token": form_token(request)}
    )


@login_required
@require_GET
def nomination(request, pk: int):
    """The nominator: the task list of their nomination."""
    nomination = nomination_for_nominator(user=request.user, pk=pk)
    sections = nomination_sections(nomination)
    done, needed = progress(sections, nomination)
    return render(
        request,
        "awards/nomination_tasks.html",
        {
            "nomination": nomination,
            "tasks": tasks(sections, nomination),
            "done": done,
            "needed": needed,
            "open": nomination.round.is_open(),
            "closed_message": closed_message(nomination.round),
        },
    )


def _editable_or_back(request, nomination):
    if not nomination.round.is_open():
        messages.error(request, closed_message(nomination.round))
        return redirect("awards:nomination", pk=nomination.pk)
    if nomination.status == NominationStatus.WITHDRAWN:
        return redirect("awards:nomination", pk=nomination.pk)
    return None


def _back(request, nomination, default: str = ""):
    """Where a saved section returns to: check your answers when it was reached from there, else the
    task list (or `default`)."""
    if request.POST.get("from") == "check" or request.GET.get("from") == "check":
        return redirect("awards:check", pk=nomination.pk)
    return redirect(default or reverse("awards:nomination", args=[nomination.pk]))


def _render_section(request, template: str, context: dict):
    context.setdefault("came_from", request.GET.get("from") or request.POST.get("from") or "")
    return render(request, template, context)


def _nominee(request, nomination, context, post, section):
    """The category, and whether an individual or a team (and its name); then the people."""
    form = NomineeForm(
        post,
        round_=nomination.round,
        initial={
            "category": nomination.category_id,
            "kind": nomination.kind,
            "team_name": nomination.team_name,
        },
    )
    if post is not None and form.is_valid():
        nomination_save_category(
            nomination=nomination,
            category=form.cleaned_data.get("category"),
            kind=form.cleaned_data["kind"],
            team_name=form.cleaned_data["team_name"],
        )
        people = reverse("awards:section", args=[nomination.pk, "people"])
        return _back(
            request, nomination, people + ("?from=check" if request.POST.get("from") == "check" else "")
        )
    context.update(title="Category and nominee", form=form)
    return _render_section(request, "awards/nomination_section.html", context)


def _people(request, nomination, context, post, section):
    """The person nominated, or the team's members (up to six, one more at a time): each with their
    role, organisation and email address."""
    if not nomination.kind:
        return redirect("awards:section", pk=nomination.pk, slug="nominee")
    team = nomination.kind == NomineeKind.TEAM
    saved = [
        {"name": n.name, "role": n.role, "organisation_name": n.organisation.name,
         "organisation_type": n.organisation.organisation_type, "email": n.email}
        for n in nomination.nominees.all()
    ]  # fmt: skip
    most = MAX_TEAM if team else 1
    # A team tried as an individual: the first member is the person; the rest stay until this is saved.
    dropped = [] if team else [person["name"] for person in saved[1:]]
    saved = saved if team else saved[:1]
    formset = people_formset(post, initial=saved, most=most, extra=0 if saved and not team else 1)
    if post is not None and formset.is_valid():
        nomination_save_people(nomination=nomination, user=request.user, people=formset.people())
        if team and request.POST.get("action") == "add":
            people = formset.people()
            formset = people_formset(None, initial=people, most=most, extra=1 if len(people) < most else 0)
            if len(people) >= most:
                messages.error(request, f"A team can have up to {MAX_TEAM} members")
        else:
            return _back(request, nomination)
    # Each error in the summary says whose it is, on a team's page of several people.
    errors = [
        (field.anchor, f"Member {number}: {error}" if team else error)
        for number, each in enumerate(formset.forms, start=1)
        for field in each
        for error in field.errors
    ]
    errors += [(f"id_{formset.prefix}-0-name", error) for error in formset.non_form_errors()]
    context.update(
        title="The team's members" if team else "The person you are nominating",
        formset=formset,
        team=team,
        can_add=team and len(formset.forms) < most,
        dropped=dropped,
        summary_errors=errors,
    )
    return _render_section(request, "awards/nomination_people.html", context)


def _summary(request, nomination, context, post, section):
    form = SummaryForm(post, initial={"summary": nomination.summary})
    if post is not None and form.is_valid():
        nomination_save(nomination=nomination, summary=form.cleaned_data["summary"])
        return _back(request, nomination)
    context.update(title="Summary", form=form)
    return _render_section(request, "awards/nomination_section.html", context)


def _links(request, nomination, context, post, section):
    form = LinksForm(post, initial={"links": nomination.links, "relationship": nomination.relationship})
    if post is not None and form.is_valid():
        nomination_save(nomination=nomination, **form.cleaned_data)
        return _back(request, nomination)
    context.update(title="Supporting links and how you know the nominee", form=form)
    return _render_section(request, "awards/nomination_section.html", context)


def _statement(request, nomination, context, post, section):
    criterion = section.criterion
    saved = section.statement(nomination)
    initial = {part: getattr(saved, part) for part in STATEMENT_PARTS} if saved else {}
    form = StatementForm(post, criterion=criterion, initial=initial)
    if post is not None and form.is_valid():
        statement_save(
            nomination=nomination, criterion=criterion, **{p: form.cleaned_data[p] for p in STATEMENT_PARTS}
        )
        return _back(request, nomination)
    used = sum(count_words(form[part].value() or "") for part in STATEMENT_PARTS)
    context.update(
        title=f"Statement: {criterion.name}",
        form=form,
        criterion=criterion,
        words_used=used,
        words_left=criterion.word_limit - used,
        words_over=used - criterion.word_limit,
    )
    return _render_section(request, "awards/nomination_section.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def section(request, pk: int, slug: str):
    """The nominator: one page of a section of their nomination (found through the nomination's task
    list); saving it returns to the task list (or to check your answers, when it was reached from
    there)."""
    nomination = nomination_for_nominator(user=request.user, pk=pk)
    if (back := _editable_or_back(request, nomination)) is not None:
        return back
    page = NominationTasks(nomination).page(slug)
    if page is None:
        raise Http404("No such section.")
    found, kind = page
    post = request.POST if request.method == "POST" else None
    try:
        return PAGES[kind](request, nomination, {"nomination": nomination, "slug": slug}, post, found)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("awards:nomination", pk=pk)


def _innovation(request, nomination, context, post, section):
    """Search the catalogue and choose the innovation (or none); works without JavaScript: the search is
    a GET of this page, the choice a POST."""
    if request.method == "POST":
        value = request.POST.get("innovation", "")
        if value == "none":
            nomination_save(nomination=nomination, innovation=None)
            return _back(request, nomination)
        if value.isdigit():
            registration = catalogue("innovations")
            chosen = registration.model.objects.filter(pk=int(value)).select_related("innovation").first()
            if chosen is not None:
                nomination_save(nomination=nomination, innovation=chosen.innovation)
                return _back(request, nomination)
        context["choice_error"] = "Choose an innovation from the results, or say it is not in the catalogue"
    form = InnovationSearchForm(request.GET or None)
    cards = []
    if form.is_valid() and form.cleaned_data["q"]:
        _result, cards = catalogue("innovations").search(
            SearchQuery(q=form.cleaned_data["q"]), page_size=10, with_facets=False
        )
    if "choice_error" in context:
        first = "innovation-1" if cards else "innovation-none"
        context["summary_errors"] = [(first, context["choice_error"])]
    context.update(
        title="The innovation",
        search_form=form,
        cards=cards,
        searched=form.is_valid() and form.cleaned_data["q"],
        hide_header_search=True,  # a page has one search box: this one
    )
    return _render_section(request, "awards/nomination_innovation.html", context)


# Each kind of page of a nomination's sections, and its view.
PAGES = {
    "nominee": _nominee,
    "people": _people,
    "innovation": _innovation,
    "summary": _summary,
    "statement": _statement,
    "links": _links,
}


@login_required
@require_http_methods(["GET", "POST"])
def check(request, pk: int):
    """The nominator: check the answers, see what is missing or ineligible, and submit."""
    nomination = nomination_for_nominator(user=request.user, pk=pk)
    problems = nomination_problems(nomination)
    if request.method == "POST":
        try:
            nomination_submit(nomination=nomination)
        except AlreadyDone:
            pass
        except WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect("awards:check", pk=pk)
        return redirect("awards:submitted", pk=pk)
    statements = {s.criterion_id: s for s in nomination.statements.all()}
    return render(
        request,
        "awards/nomination_check.html",
        {
            "nomination": nomination,
            "problems": problems,
            "statements": [
                (c, statements.get(c.pk), f"statement-{c.pk}") for c in nomination.round.criteria.all()
            ],
            "open": nomination.round.is_open(),
            "closed_message": closed_message(nomination.round),
        },
    )


@login_required
@require_GET
def submitted(request, pk: int):
    nomination = nomination_for_nominator(user=request.user, pk=pk)
    if nomination.status != NominationStatus.SUBMITTED or not nomination.round.is_open():
        return redirect("awards:nomination", pk=pk)  # where it stands now, once the round has closed
    return render(request, "awards/nomination_submitted.html", {"nomination": nomination})


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk: int):
    nomination = nomination_for_nominator(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            nomination_withdraw(nomination=nomination)
        except AlreadyDone:
            pass
        except WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect("awards:nomination", pk=pk)
        messages.success(request, "Your nomination has been withdrawn.")
        return redirect("awards:yours")
    return render(request, "awards/nomination_withdraw.html", {"nomination": nomination})


@login_required
@require_GET
def yours(request):
    """Signed in: the nominations you have started or made, with where each stands."""
    return render(
        request, "awards/nominations_yours.html", {"nominations": nominations_of(user=request.user)}
    )
