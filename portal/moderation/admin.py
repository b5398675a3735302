"""The central team's side of moderation in the admin, shared by every moderated model: actions that run
a workflow service on each selected row, the "review" filter that puts what awaits review first, and
the optimistic lock that refuses a save made from an out-of-date copy, naming what the other editor
changed."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse

from portal.moderation.models import Status, WorkflowError


class ReviewFilter(admin.SimpleListFilter):
    """Awaiting review, sent back, drafts. On a model with `pending_status` (changes to a published
    entry kept aside), those changes are reviewed like a new submission."""

    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("awaiting", "Awaiting review"), ("changes", "Sent back for changes"), ("drafts", "Drafts")]

    def queryset(self, request, queryset):
        status = {
            "awaiting": Status.SUBMITTED,
            "changes": Status.CHANGES_REQUESTED,
            "drafts": Status.DRAFT,
        }.get(self.value())
        if not status:
            return queryset
        condition = Q(status=status)
        if any(field.name == "pending_status" for field in queryset.model._meta.fields):
            condition |= Q(status=Status.PUBLISHED, pending_status=status)
        return queryset.filter(condition)


class RequestChangesForm(forms.Form):
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].label = label
        self.fields["message"].error_messages["required"] = (
            "Say what needs to change: the person who sent it is emailed this message"
        )


class ModerationActionsMixin:
    """Runs a workflow service on each selected row, reporting refusals one by one and successes once;
    offers the review actions (`review_actions`) as buttons on an entry's own page too; and asks for the
    message when sending entries back."""

    noun_plural = "entries"
    noun = "entry"
    review_actions: list[tuple[str, str]] = []  # (action name, button label)
    send_back_question = "What should change?"
    send_back_explanation = (
        "Each person below is emailed this message, and can change their entry and send it again."
    )
    change_form_template = "admin/moderation/change_form.html"

    def preview_url(self, obj) -> str:
        """Where the central team sees an entry as the public will, if anywhere."""
        return ""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        opts = self.model._meta
        extra_context = {
            **(extra_context or {}),
            "review_actions": self.review_actions,
            "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            "preview_url": self.preview_url(obj) if obj is not None else "",
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def run_each(self, request, queryset, service, done: str) -> None:
        succeeded = 0
        for obj in queryset:
            try:
                service(obj)
                succeeded += 1
            except WorkflowError as exc:
                self.message_user(request, str(exc), messages.WARNING)
        if succeeded:
            noun = self.noun if succeeded == 1 else self.noun_plural
            self.message_user(request, f"{succeeded} {noun} {done}.", messages.SUCCESS)

    def send_back_each(self, request, queryset, service):
        """Asks for the message on an intermediate page, then runs `service(obj, message)` on each."""
        form = RequestChangesForm(
            request.POST if "message" in request.POST else None, label=self.send_back_question
        )
        if form.is_valid():
            message = form.cleaned_data["message"]
            self.run_each(request, queryset, lambda obj: service(obj, message), "sent back")
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Request changes",
            "form": form,
            "objects": queryset,
            "explanation": self.send_back_explanation,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/moderation/request_changes.html", context)


def changes_since(obj, version: int) -> list[str]:
    """Labels of the fields of `obj` changed since `version`, from its edit history."""
    then = obj.history.filter(version=version).order_by("-history_date").first()
    now = obj.history.order_by("-history_date").first()
    if then is None or now is None:
        return []
    return [
        str(type(obj)._meta.get_field(c.field).verbose_name)
        for c in now.diff_against(then).changes
        if c.field != "version"
    ]


class VersionLockedForm(forms.ModelForm):
    """Refuses a save made from an out-of-date copy: two people editing the same entry cannot silently
    overwrite each other. The model has a `version` raised on every save, and history."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        if self.instance.pk and seen is None:
            # Without the version the edit began from, an out-of-date copy could not be told apart.
            raise forms.ValidationError(
                "This form was sent without the version of the entry it was edited from, so it has not "
                "been saved. Reload the page, make your changes again, then save."
            )
        if self.instance.pk:
            # The admin saves inside a transaction: lock the row until this save is done.
            current = type(self.instance).objects.select_for_update().get(pk=self.instance.pk)
            if current.version != seen:
                noun = type(self.instance)._meta.verbose_name
                raise forms.ValidationError(
                    f"Someone else saved this {noun} while you were editing it, so your changes have "
                    f"not been saved. They changed: {', '.join(changes_since(current, seen)) or 'its status'}. "
                    "Copy anything you need, then reload the page to edit the latest version."
                )
        return cleaned
