"""Nominating, through a GOV.UK task list: the signed-in nominator's own nominations only (404 for
anyone else), changeable until the round closes (checked on the server at every step)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from awards.forms import (
    InnovationSearchForm,
    LinksForm,
    NomineeForm,
    PeopleFormSet,
    StatementForm,
    SummaryForm,
)
from awards.models import STATEMENT_PARTS, NominationStatus
from awards.selectors import nomination_for_nominator, nominations_of, round_for_public
from awards.services import (
    closed_message,
    nomination_problems,
    nomination_save,
    nomination_save_nominees,
    nomination_start,
    nomination_submit,
    nomination_withdraw,
    statement_save,
)
from portal.moderation.models import AlreadyDone, WorkflowError
from portal.search.engine import SearchQuery
from portal.search.registry import get as catalogue


@dataclass
class Task:
    slug: str
    title: str
    status: str


def _tasks(nomination) -> list[Task]:
    problems = {p.section for p in nomination_problems(nomination)}
    statements = {s.criterion_id: s for s in nomination.statements.all()}
    started = {
        "nominee": bool(nomination.kind),
        "innovation": nomination.innovation_id is not None,
        "summary": bool(nomination.summary),
        "links": bool(nomination.relationship or nomination.links),
    }
    tasks = [
        ("nominee", "Category and nominee"),
        ("innovation", "The innovation"),
        ("summary", "Summary"),
        *((f"statement-{c.pk}", f"Statement: {c.name}") for c in nomination.round.criteria.all()),
        ("links", "Supporting links and how you know the nominee"),
    ]
    result = []
    for slug, title in tasks:
        if slug.startswith("statement-"):
            statement = statements.get(int(slug.split("-")[1]))
            is_started = statement is not None and any(getattr(statement, p) for p in STATEMENT_PARTS)
        else:
            is_started = started[slug]
        if slug == "innovation" and not nomination.round.innovation_required and slug not in problems:
            status = "Completed" if is_started else "Optional"
        elif slug not in problems and (is_started or slug == "innovation"):
            status = "Completed"
        else:
            status = "In progress" if is_started else "Not yet started"
        result.append(Task(slug, title, status))
    return result


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request, award: str, year: int):
    """Signed in: the start of a nomination for an open round."""
    round_ = round_for_public(award=award, year=year)
    if request.method == "POST":
        try:
            nomination = nomination_start(round_=round_, user=request.user)
        except WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect(round_.get_absolute_url())
        return redirect("awards:nomination", pk=nomination.pk)
    return render(request, "awards/nomination_start.html", {"round": round_})


@login_required
@require_GET
def nomination(request, pk: int):
    """The nominator: the task list of their nomination."""
    nomination = nomination_for_nominator(user=request.user, pk=pk)
    tasks = _tasks(nomination)
    return render(
        request,
        "awards/nomination_tasks.html",
        {
            "nomination": nomination,
            "tasks": tasks,
            "done": sum(1 for t in tasks if t.status in {"Completed", "Optional"}),
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


@login_required
@require_http_methods(["GET", "POST"])
def section(request, pk: int, slug: str):
    """The nominator: one section of their nomination; saving it returns to the task list."""
    nomination = nomination_for_nominator(user=request.user, pk=pk)
    if (back := _editable_or_back(request, nomination)) is not None:
        return back
    round_ = nomination.round
    context = {"nomination": nomination, "slug": slug}
    post = request.POST if request.method == "POST" else None
    try:
        if slug == "nominee":
            people = [
                {"name": n.name, "role": n.role, "organisation_name": n.organisation.name,
                 "organisation_type": n.organisation.organisation_type, "email": n.email}
                for n in nomination.nominees.all()
            ]  # fmt: skip
            form = NomineeForm(
                post, round_=round_,
                initial={"category": nomination.category_id, "kind": nomination.kind, "team_name": nomination.team_name},
            )  # fmt: skip
            formset = PeopleFormSet(post, initial=people, prefix="people")
            if post is not None and form.is_valid() and formset.is_valid():
                nomination_save_nominees(
                    nomination=nomination, user=request.user, category=form.cleaned_data.get("category"),
                    kind=form.cleaned_data["kind"], team_name=form.cleaned_data["team_name"], people=formset.people(),
                )  # fmt: skip
                return redirect("awards:nomination", pk=pk)
            # One error summary for the form and every person's fieldset, linking to each field.
            errors = [
                (field.anchor, error)
                for each in [form, *formset.forms]
                for field in each
                for error in field.errors
            ]
            errors += [("id_people-0-name", error) for error in formset.non_form_errors()]
            context.update(
                title="Category and nominee", nominee_form=form, formset=formset, summary_errors=errors
            )
            return render(request, "awards/nomination_nominee.html", context)
        if slug == "innovation":
            return _innovation(request, nomination, context)
        if slug == "summary":
            form = SummaryForm(post, initial={"summary": nomination.summary})
            if post is not None and form.is_valid():
                nomination_save(nomination=nomination, summary=form.cleaned_data["summary"])
                return redirect("awards:nomination", pk=pk)
            context.update(title="Summary", form=form)
            return render(request, "awards/nomination_section.html", context)
        if slug == "links":
            form = LinksForm(
                post, initial={"links": nomination.links, "relationship": nomination.relationship}
            )
            if post is not None and form.is_valid():
                nomination_save(nomination=nomination, **form.cleaned_data)
                return redirect("awards:nomination", pk=pk)
            context.update(title="Supporting links and how you know the nominee", form=form)
            return render(request, "awards/nomination_section.html", context)
        if slug.startswith("statement-") and slug[10:].isdigit():
            criterion = next((c for c in round_.criteria.all() if c.pk == int(slug[10:])), None)
            if criterion is None:
                raise Http404("No such criterion.")
            saved = next((s for s in nomination.statements.all() if s.criterion_id == criterion.pk), None)
            initial = {part: getattr(saved, part) for part in STATEMENT_PARTS} if saved else {}
            form = StatementForm(post, criterion=criterion, initial=initial)
            if post is not None and form.is_valid():
                statement_save(
                    nomination=nomination,
                    criterion=criterion,
                    **{p: form.cleaned_data[p] for p in STATEMENT_PARTS},
                )
                return redirect("awards:nomination", pk=pk)
            context.update(title=f"Statement: {criterion.name}", form=form, criterion=criterion)
            return render(request, "awards/nomination_section.html", context)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("awards:nomination", pk=pk)
    raise Http404("No such section.")


def _innovation(request, nomination, context):
    """Search the catalogue and choose the innovation (or none); works without JavaScript: the search is
    a GET of this page, the choice a POST."""
    if request.method == "POST":
        value = request.POST.get("innovation", "")
        if value == "none":
            nomination_save(nomination=nomination, innovation=None)
            return redirect("awards:nomination", pk=nomination.pk)
        if value.isdigit():
            registration = catalogue("innovations")
            chosen = registration.model.objects.filter(pk=int(value)).select_related("innovation").first()
            if chosen is not None:
                nomination_save(nomination=nomination, innovation=chosen.innovation)
                return redirect("awards:nomination", pk=nomination.pk)
        messages.error(request, "Choose an innovation from the results, or say there is none")
    form = InnovationSearchForm(request.GET or None)
    cards = []
    if form.is_valid() and form.cleaned_data["q"]:
        _result, cards = catalogue("innovations").search(
            SearchQuery(q=form.cleaned_data["q"]), page_size=10, with_facets=False
        )
    context.update(
        title="The innovation",
        search_form=form,
        cards=cards,
        searched=form.is_valid() and form.cleaned_data["q"],
        hide_header_search=True,  # a page has one search box: this one
    )
    return render(request, "awards/nomination_innovation.html", context)


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
            "statements": [(c, statements.get(c.pk)) for c in nomination.round.criteria.all()],
            "open": nomination.round.is_open(),
            "closed_message": closed_message(nomination.round),
        },
    )


@login_required
@require_GET
def submitted(request, pk: int):
    nomination = nomination_for_nominator(user=request.user, pk=pk)
    if nomination.status != NominationStatus.SUBMITTED:
        return redirect("awards:nomination", pk=pk)
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
