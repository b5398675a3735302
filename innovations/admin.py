import io
import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Q, Value, When
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from innovations.importer import apply_import, export_innovations, plan_import
from innovations.models import (
    MAX_POLICY_AREAS,
    MAX_TAG_LENGTH,
    Adoption,
    Innovation,
    PolicyArea,
    ProblemReport,
    Status,
)
from innovations.selectors import tags_in_use
from innovations.services import (
    adoption_archive,
    adoption_delete,
    adoption_publish,
    catalogue_refresh,
    innovation_archive,
    innovation_mark_verified,
    innovation_request_changes,
    innovation_review_publish,
    innovation_stamp,
    problem_report_resolve,
)
from portal.core.admin_curated import CuratedBitListAdmin
from portal.core.admin_safety import SafeAdminMixin
from portal.core.freshness import FreshnessFilter
from portal.core.vocabulary import Theme
from portal.moderation.admin import ModerationActionsMixin, ReviewFilter, VersionLockedForm
from portal.moderation.models import WorkflowError

MAX_IMPORT_BYTES = 5 * 1024 * 1024
SESSION_KEY = "innovation_import_csv"


class InnovationAdminForm(VersionLockedForm):
    # Themes are chosen from the list by name, never typed as codes.
    themes = forms.MultipleChoiceField(
        choices=Theme.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    # Tags are ticked from those the catalogue already uses; a new one is added by name beside them.
    tags = forms.MultipleChoiceField(
        choices=[], widget=forms.CheckboxSelectMultiple, required=False, label="Tags"
    )
    new_tags = forms.CharField(
        label="Add other tags",
        required=False,
        help_text="Tags not in the list above, separated by commas or semicolons.",
    )

    class Meta:
        model = Innovation
        fields = "__all__"  # noqa: DJ007 - the admin decides which fields it shows

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        own = list(self.instance.tags or []) if self.instance.pk else []
        self.fields["tags"].choices = [(tag, tag) for tag in tags_in_use(also=own)]

    def clean_new_tags(self) -> list[str]:
        tags = [tag.strip() for tag in re.split(r"[,;]", self.cleaned_data["new_tags"]) if tag.strip()]
        if too_long := [tag for tag in tags if len(tag) > MAX_TAG_LENGTH]:
            raise forms.ValidationError(
                f"Each tag must be {MAX_TAG_LENGTH} characters or fewer: shorten “{too_long[0][:60]}”"
            )
        return tags

    def clean(self):
        cleaned = super().clean()
        chosen = list(cleaned.get("tags") or []) + list(cleaned.get("new_tags") or [])
        # One spelling per tag: a new tag that differs from a listed one only in case is the listed one.
        kept = {tag.casefold(): tag for tag, _ in self.fields["tags"].choices}
        tags = {}
        for tag in chosen:
            tags.setdefault(tag.casefold(), kept.get(tag.casefold(), tag))
        cleaned["tags"] = list(tags.values())
        return cleaned

    def _post_clean(self):
        # The model's tags come from the two fields together, not from the checkbox list alone.
        self.instance.tags = self.cleaned_data.get("tags", [])
        super()._post_clean()


class ThemeFilter(admin.SimpleListFilter):
    title = "theme"
    parameter_name = "theme"

    def lookups(self, request, model_admin):
        return Theme.choices

    def queryset(self, request, queryset):
        return queryset.filter(themes__contains=[self.value()]) if self.value() else queryset


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="UTF-8, with a header row. 5 MB at most.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file must be 5 MB or smaller: split it into several imports.")
        return upload


class AdoptionInline(SafeAdminMixin, admin.TabularInline):
    model = Adoption
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "kind", "year", "status", "what_changed", "result"]


@admin.register(Innovation)
class InnovationAdmin(SafeAdminMixin, ModerationActionsMixin, SimpleHistoryAdmin):
    noun, noun_plural = "innovation", "innovations"
    # Few enough columns to fit 1280 px: the status says whether changes to a published one wait too.
    list_display = ["title", "state", "stage", "evidence_level", "organisation", "last_verified"]
    actions = ["publish", "request_changes", "archive", "mark_verified", "export_csv"]
    form = InnovationAdminForm
    list_filter = [
        ReviewFilter,
        FreshnessFilter,
        ThemeFilter,
        "status",
        "stage",
        "evidence_level",
        "organisation__organisation_type",
        "organisation__region",
    ]
    search_fields = ["title", "summary", "organisation__name"]
    autocomplete_fields = ["organisation", "policy_areas", "submitted_by"]
    readonly_fields = ["slug", "published_at", "created_at", "updated_at"]
    inlines = [AdoptionInline]
    list_select_related = ["organisation"]
    change_list_template = "admin/innovations/innovation/change_list.html"
    review_actions = [("publish", "Publish"), ("request_changes", "Send back"), ("archive", "Archive")]
    send_back_question = "What should the submitter change?"
    send_back_explanation = (
        "The submitter of each innovation below is emailed this message, and can change the innovation and "
        "submit it again."
    )

    def get_fields(self, request, obj=None):
        # "Add other tags" sits under the list of tags rather than at the end of the form.
        fields = [name for name in super().get_fields(request, obj) if name != "new_tags"]
        return fields[: fields.index("tags") + 1] + ["new_tags"] + fields[fields.index("tags") + 1 :]

    @admin.display(description="status", ordering="status")
    def state(self, innovation) -> str:
        if innovation.status == Status.PUBLISHED and innovation.pending_status:
            return f"Published; changes {innovation.get_pending_status_display().lower()}"
        return innovation.get_status_display()

    def view_on_site(self, innovation):
        """The public page when published; otherwise the preview, which the central team may see."""
        if innovation.status == Status.PUBLISHED:
            return innovation.get_absolute_url()
        return self.preview_url(innovation)

    def preview_url(self, innovation) -> str:
        return reverse("innovations:preview", args=[innovation.pk])

    @admin.action(description="Publish the selected innovations", permissions=["change"])
    def publish(self, request, queryset):
        self.run_each(request, queryset, lambda i: innovation_review_publish(innovation=i), "published")

    @admin.action(description="Archive the selected innovations", permissions=["change"])
    def archive(self, request, queryset):
        self.run_each(request, queryset, lambda i: innovation_archive(innovation=i), "archived")

    @admin.action(description="Mark the selected innovations as checked today", permissions=["change"])
    def mark_verified(self, request, queryset):
        self.run_each(
            request, queryset, lambda i: innovation_mark_verified(innovation=i), "marked as checked today"
        )

    @admin.action(description="Send the selected innovations back with a message", permissions=["change"])
    def request_changes(self, request, queryset):
        """Asks for the message on an intermediate page, then emails each submitter."""
        return self.send_back_each(
            request,
            queryset,
            lambda innovation, message: innovation_request_changes(innovation=innovation, message=message),
        )

    def get_ordering(self, request):
        # Awaiting review first, oldest submission first; then everything else, most recently changed.
        awaiting = Q(status=Status.SUBMITTED) | Q(pending_status=Status.SUBMITTED)
        awaiting_first = Case(When(awaiting, then=Value(0)), default=Value(1))
        return [awaiting_first.asc(), "submitted_at", "-updated_at"]

    @admin.action(
        description="Export the selected innovations as CSV (the import format)", permissions=["view"]
    )
    def export_csv(self, request, queryset):
        """Select all on a filtered list to export the whole filtered list; the file imports back."""
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="innovations.csv"'
        export_innovations(queryset, response)
        return response

    def get_urls(self):
        return [
            path(
                "import/", self.admin_site.admin_view(self.import_view), name="innovations_innovation_import"
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Central team (add permission): upload a CSV, see what it would create, update or reject, then
        confirm. The file is checked again on confirming, and written all or nothing."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import innovations",
        }
        if request.method == "POST" and "confirm" in request.POST:
            text = request.session.get(SESSION_KEY)
            if text is None:
                messages.error(request, "The preview has expired: upload the file again.")
                return redirect("admin:innovations_innovation_import")
            plan = plan_import(io.StringIO(text))
            if not plan.is_valid:
                context.update({"form": ImportForm(), "plan": plan})
                return TemplateResponse(request, "admin/innovations/innovation/import.html", context)
            saved = apply_import(plan)
            del request.session[SESSION_KEY]
            messages.success(
                request, f"Imported {len(saved)} innovations: {plan.creates} new, {plan.updates} updated."
            )
            return redirect("admin:innovations_innovation_changelist")
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            raw = form.cleaned_data["file"].read()
            plan = plan_import(io.BytesIO(raw))
            if plan.is_valid:
                request.session[SESSION_KEY] = raw.decode("utf-8-sig")
            context["plan"] = plan
        context["form"] = form
        return TemplateResponse(request, "admin/innovations/innovation/import.html", context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Every admin change (fields, policy areas, adoptions) reaches the public catalogue.
        catalogue_refresh([form.instance.id])

    def save_model(self, request, obj, form, change):
        innovation_stamp(obj)
        super().save_model(request, obj, form, change)


@admin.register(Adoption)
class AdoptionAdmin(SafeAdminMixin, SimpleHistoryAdmin):
    list_display = ["organisation", "innovation", "kind", "year", "status", "created_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["organisation", "innovation"]
    actions = ["publish", "archive"]

    @admin.action(description="Publish the selected adoption stories", permissions=["change"])
    def publish(self, request, queryset):
        self._each(request, queryset, adoption_publish, "published")

    @admin.action(description="Archive the selected adoption stories", permissions=["change"])
    def archive(self, request, queryset):
        self._each(request, queryset, adoption_archive, "archived")

    def _each(self, request, queryset, service, done: str) -> None:
        """Run `service` on each story; one the workflow refuses (or that is there already) is named."""
        succeeded = 0
        for adoption in queryset:
            try:
                service(adoption=adoption)
                succeeded += 1
            except WorkflowError as exc:
                self.message_user(request, f"{adoption}: {exc}", messages.WARNING)
        self.message_user(request, f"{succeeded} adoption stories {done}.", messages.SUCCESS)

    search_fields = ["organisation__name", "innovation__title"]
    autocomplete_fields = ["organisation", "innovation"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        catalogue_refresh([obj.innovation_id])

    def delete_model(self, request, obj):
        adoption_delete(adoption=obj)  # the innovation's counts and search follow

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("innovation_id", flat=True))
        super().delete_queryset(request, queryset)
        catalogue_refresh(ids)


@admin.register(PolicyArea)
class PolicyAreaAdmin(CuratedBitListAdmin):
    list_display = ["name", "slug"]
    bit_limit = MAX_POLICY_AREAS
    entries_label = "policy areas"
    used_by = Innovation.policy_areas.field

    def refresh(self, ids):
        catalogue_refresh(ids)


@admin.register(ProblemReport)
class ProblemReportAdmin(SafeAdminMixin, admin.ModelAdmin):
    list_display = ["innovation", "reason", "created_at", "resolved_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter), "reason"]
    list_select_related = ["innovation"]
    readonly_fields = ["innovation", "reason", "details", "email", "created_at", "resolved_at"]
    actions = ["resolve"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Mark the selected reports as resolved", permissions=["change"])
    def resolve(self, request, queryset):
        for report in queryset.filter(resolved_at__isnull=True):
            problem_report_resolve(report=report)
        self.message_user(request, "Reports marked as resolved.", messages.SUCCESS)
