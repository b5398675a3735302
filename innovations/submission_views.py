"""Signed-in innovators share their own innovation: a task list of sections saved as drafts, a check
answers page, then submission to the central team. Every view here works only on the signed-in user's
own innovations (the central team may also open them); any other id is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from innovations.filters import YourInnovationsFilter
from innovations.forms import SECTION_BY_SLUG, SECTIONS, AboutForm
from innovations.models import Innovation, PolicyArea, Status
from innovations.selectors import innovation_for_submitter, innovations_submitted_by
from innovations.services import (
    innovation_is_editable,
    innovation_missing_sections,
    innovation_save_draft,
    innovation_save_pending,
    innovation_submit,
    innovation_submit_pending,
    innovation_working_copy,
)
from portal.core.once import FormOnce, form_token
from portal.moderation.models import AlreadyDone, WorkflowError
from portal.moderation.tasklist import missing, progress, tasks
from portal.services import organisation_chosen_in

NEXT_STEP = {
    Status.DRAFT: "Finish the sections and submit it",
    Status.SUBMITTED: "Wait for the central team to review it",
    Status.CHANGES_REQUESTED: "Make the changes the central team asked for and submit it again",
    Status.PUBLISHED: "Nothing: it is published",
    Status.ARCHIVED: "Nothing: it has been archived",
}

PENDING_NEXT_STEP = {
    Status.DRAFT: "Finish your changes and submit them",
    Status.SUBMITTED: "Wait for the central team to review your changes",
    Status.CHANGES_REQUESTED: "Make the changes the central team asked for and submit them again",
}


@login_required
def share_start(request):
    """Signed-in users: what sharing involves, and the way in."""
    return render(request, "innovations/share_start.html", {"sections": SECTIONS})


@login_required
def yours(request):
    """Signed-in users: the innovations they have shared, with status and what to do next."""
    own = innovations_submitted_by(request.user)
    filters = YourInnovationsFilter(request.GET or None, queryset=own)
    rows = []
    for innovation in filters.qs:
        step = NEXT_STEP[innovation.status]
        if innovation.status == Status.PUBLISHED and innovation.pending_status:
            step = PENDING_NEXT_STEP[innovation.pending_status]
        rows.append({"innovation": innovation, "next_step": step})
    return render(
        request,
        "innovations/innovation_yours.html",
        {
            "rows": rows,
            "filters": filters,
            "filtered": bool(request.GET),
            "has_any": bool(rows) or own.exists(),
        },
    )


@login_required
def task_list(request, pk: int):
    """The submitter (or central team): the sections of one of their innovations and their status."""
    innovation = innovation_for_submitter(user=request.user, pk=pk)
    working = innovation_working_copy(innovation)
    completed, _needed = progress(SECTIONS, working)
    return render(
        request,
        "innovations/innovation_tasks.html",
        {
            "innovation": innovation,
            "tasks": tasks(SECTIONS, working),
            "editable": innovation_is_editable(innovation),
            "completed": completed,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request, section: str, pk: int | None = None):
    """The submitter: fill in one section. A new innovation starts with "About the innovation"."""
    spec = SECTION_BY_SLUG.get(section)
    if spec is None or (pk is None and spec.slug != "about"):
        raise Http404("No such section.")
    if pk is None:
        innovation = Innovation()
    else:
        innovation = innovation_for_submitter(user=request.user, pk=pk)
        if not innovation_is_editable(innovation):
            messages.info(request, "This has been submitted for review, so it cannot be changed now.")
            return redirect("innovations:task_list", pk=innovation.pk)
    published = innovation.status == Status.PUBLISHED
    working = innovation_working_copy(innovation) if published else innovation
    form = spec.form_class(request.POST or None, instance=working)
    for name in spec.needed:  # a draft saves half done, but these are not optional
        if name in form.fields:
            form.fields[name].needed_to_submit = True
    pending_areas = (innovation.pending_changes or {}).get("policy_areas") if published else None
    if pending_areas is not None and "policy_areas" in form.fields and not form.is_bound:
        form.initial["policy_areas"] = pending_areas
    if request.method == "POST" and form.is_valid():
        with FormOnce(request) as once:
            if once.result_url:  # the same form sent twice: the first has saved it
                return redirect(once.result_url)
            saved = _section_save(request, form, innovation, published)
            once.done(reverse("innovations:task_list", args=[saved.pk]))
        still_needed = spec.missing_fields(innovation_working_copy(saved))
        if still_needed:
            messages.info(
                request,
                f"“{spec.title}” is saved as a draft, but it is not finished: before you submit, answer "
                + ", ".join(f"“{spec.label(name)}”" for name in still_needed)
                + ".",
            )
        else:
            messages.success(request, f"“{spec.title}” saved.")
        return redirect("innovations:task_list", pk=saved.pk)
    return render(
        request,
        "innovations/innovation_section.html",
        {"form": form, "section": spec, "innovation": innovation, "form_token": form_token(request)},
    )


def _section_save(request, form, innovation: Innovation, published: bool) -> Innovation:
    """Save one section: a draft's own fields, or a published innovation's changes kept aside."""
    organisation = None
    policy_areas = None
    if isinstance(form, AboutForm):
        data = form.cleaned_data
        organisation = organisation_chosen_in(data, user=request.user)
        policy_areas = data["policy_areas"]
    if published:
        return innovation_save_pending(
            innovation=innovation,
            working=form.save(commit=False),
            organisation=organisation,
            policy_areas=policy_areas,
        )
    return innovation_save_draft(
        innovation=form.save(commit=False),
        user=request.user,
        organisation=organisation,
        policy_areas=policy_areas,
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_answers(request, pk: int):
    """The submitter: everything they wrote, each with a change link, then submit."""
    innovation = innovation_for_submitter(user=request.user, pk=pk)
    published = innovation.status == Status.PUBLISHED
    error = None
    if request.method == "POST":
        try:
            if published:
                innovation_submit_pending(innovation=innovation)
            else:
                innovation_submit(innovation=innovation, user=request.user)
        except AlreadyDone:  # sent twice: the first submit did it
            return redirect("innovations:submitted", pk=innovation.pk)
        except WorkflowError as exc:
            error = str(exc)
        else:
            return redirect("innovations:submitted", pk=innovation.pk)
    working = innovation_working_copy(innovation) if published else innovation
    pending_areas = (innovation.pending_changes or {}).get("policy_areas") if published else None
    sections = []
    for section in SECTIONS:
        rows = []
        for name in section.form_class._meta.fields:
            field = Innovation._meta.get_field(name)
            label = (
                section.form_class.base_fields[name].label
                if name in section.form_class.base_fields
                else field.verbose_name
            )
            if name == "policy_areas":
                areas = (
                    PolicyArea.objects.filter(id__in=pending_areas)
                    if pending_areas is not None
                    else innovation.policy_areas.all()
                )
                value = ", ".join(p.name for p in areas)
            elif name == "themes":
                value = ", ".join(working.theme_labels)
            elif isinstance(getattr(working, name), list):
                value = "\n".join(getattr(working, name))
            elif hasattr(working, f"get_{name}_display"):
                value = getattr(working, f"get_{name}_display")()
            else:
                value = getattr(working, name)
            rows.append({"label": label, "value": value})
        if section.slug == "about":
            rows.insert(3, {"label": "Organisation that owns it", "value": working.organisation.name})
        sections.append({"section": section, "rows": rows})
    return render(
        request,
        "innovations/innovation_check.html",
        {
            "innovation": innovation,
            "sections": sections,
            "missing": innovation_missing_sections(working),
            "missing_answers": [
                {
                    "label": answer.message,
                    "section": SECTION_BY_SLUG[answer.section],
                    "url": reverse("innovations:section", args=[innovation.pk, answer.section])
                    + f"#{answer.anchor}",
                }
                for answer in missing(SECTIONS, working)
            ],
            "editable": innovation_is_editable(innovation),
            "published": published,
            "submit_error": error,
        },
    )


@login_required
def submitted(request, pk: int):
    """The submitter: confirmation that the innovation has been sent for review."""
    innovation = innovation_for_submitter(user=request.user, pk=pk)
    if Status.SUBMITTED not in (innovation.status, innovation.pending_status):
        return redirect("innovations:task_list", pk=pk)
    return render(request, "innovations/innovation_submitted.html", {"innovation": innovation})


@login_required
def preview(request, pk: int):
    """The submitter or the central team: how the public page will look, whatever the status."""
    from innovations.views import detail_context

    # With changes waiting for review, the preview shows the page as it will be once they are approved.
    innovation = innovation_working_copy(innovation_for_submitter(user=request.user, pk=pk))
    context = detail_context(
        innovation, adoptions=list(innovation.adoptions.filter(status=Status.PUBLISHED)), related=[]
    )
    context["preview"] = True
    return render(request, "innovations/innovation_detail.html", context)
