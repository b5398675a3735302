"""Signed-in innovators share their own innovation: a task list of sections saved as drafts, a check
answers page, then submission to the central team. Every view here works only on the signed-in user's
own innovations (the central team may also open them); any other id is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from innovations.forms import SECTION_BY_SLUG, SECTIONS, AboutForm
from innovations.models import Innovation, Status
from innovations.selectors import innovation_for_submitter, innovations_submitted_by
from innovations.services import (
    EDITABLE_BY_SUBMITTER,
    WorkflowError,
    innovation_missing_sections,
    innovation_save_draft,
    innovation_submit,
)
from portal.services import organisation_get_or_create

NEXT_STEP = {
    Status.DRAFT: "Finish the sections and submit it",
    Status.SUBMITTED: "Wait for the central team to review it",
    Status.CHANGES_REQUESTED: "Make the changes the central team asked for and submit it again",
    Status.PUBLISHED: "Nothing: it is published",
    Status.ARCHIVED: "Nothing: it has been archived",
}


@login_required
def share_start(request):
    """Signed-in users: what sharing involves, and the way in."""
    return render(request, "innovations/share_start.html", {"sections": SECTIONS})


@login_required
def yours(request):
    """Signed-in users: the innovations they have shared, with status and what to do next."""
    rows = [
        {"innovation": i, "next_step": NEXT_STEP[i.status]} for i in innovations_submitted_by(request.user)
    ]
    return render(request, "innovations/innovation_yours.html", {"rows": rows})


@login_required
def task_list(request, pk: int):
    """The submitter (or central team): the sections of one of their innovations and their status."""
    innovation = innovation_for_submitter(user=request.user, pk=pk)
    tasks = []
    for section in SECTIONS:
        if section.is_complete(innovation):
            status = "Completed"
        elif section.is_started(innovation):
            status = "In progress"
        else:
            status = "Not yet started"
        tasks.append({"section": section, "status": status})
    return render(
        request,
        "innovations/innovation_tasks.html",
        {
            "innovation": innovation,
            "tasks": tasks,
            "editable": innovation.status in EDITABLE_BY_SUBMITTER,
            "completed": sum(1 for t in tasks if t["status"] == "Completed"),
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
        if innovation.status not in EDITABLE_BY_SUBMITTER:
            messages.info(request, "This innovation has been submitted, so it cannot be changed now.")
            return redirect("innovations:task_list", pk=innovation.pk)
    form = spec.form_class(request.POST or None, instance=innovation)
    if request.method == "POST" and form.is_valid():
        organisation = None
        policy_areas = None
        if isinstance(form, AboutForm):
            data = form.cleaned_data
            organisation = organisation_get_or_create(
                name=data["organisation_name"],
                organisation_type=data["organisation_type"],
                region=data["region"],
            )
            policy_areas = data["policy_areas"]
        saved = innovation_save_draft(
            innovation=form.save(commit=False),
            user=request.user,
            organisation=organisation,
            policy_areas=policy_areas,
        )
        messages.success(request, f"“{spec.title}” saved.")
        return redirect("innovations:task_list", pk=saved.pk)
    return render(
        request,
        "innovations/innovation_section.html",
        {"form": form, "section": spec, "innovation": innovation},
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_answers(request, pk: int):
    """The submitter: everything they wrote, each with a change link, then submit."""
    innovation = innovation_for_submitter(user=request.user, pk=pk)
    error = None
    if request.method == "POST":
        try:
            innovation_submit(innovation=innovation, user=request.user)
        except WorkflowError as exc:
            error = str(exc)
        else:
            return redirect("innovations:submitted", pk=innovation.pk)
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
                value = ", ".join(p.name for p in innovation.policy_areas.all())
            elif name == "themes":
                value = ", ".join(innovation.theme_labels)
            elif isinstance(getattr(innovation, name), list):
                value = "\n".join(getattr(innovation, name))
            else:
                value = (
                    getattr(innovation, f"get_{name}_display")()
                    if hasattr(innovation, f"get_{name}_display")
                    else getattr(innovation, name)
                )
            rows.append({"label": label, "value": value})
        if section.slug == "about":
            rows.insert(3, {"label": "Organisation that owns it", "value": innovation.organisation.name})
        sections.append({"section": section, "rows": rows})
    return render(
        request,
        "innovations/innovation_check.html",
        {
            "innovation": innovation,
            "sections": sections,
            "missing": innovation_missing_sections(innovation),
            "editable": innovation.status in EDITABLE_BY_SUBMITTER,
            "submit_error": error,
        },
    )


@login_required
def submitted(request, pk: int):
    """The submitter: confirmation that the innovation has been sent for review."""
    innovation = innovation_for_submitter(user=request.user, pk=pk)
    if innovation.status != Status.SUBMITTED:
        return redirect("innovations:task_list", pk=pk)
    return render(request, "innovations/innovation_submitted.html", {"innovation": innovation})


@login_required
def preview(request, pk: int):
    """The submitter or the central team: how the public page will look, whatever the status."""
    from innovations.views import detail_context

    innovation = innovation_for_submitter(user=request.user, pk=pk)
    context = detail_context(
        innovation, adoptions=list(innovation.adoptions.filter(status=Status.PUBLISHED)), related=[]
    )
    context["preview"] = True
    return render(request, "innovations/innovation_detail.html", context)
