"""The central team's side of the mentor pool: review offers (approve, send back, archive) from the list
or a mentor's own page, with history, filters and a CSV export in the import's format."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mentoring.models import (
    MAX_CAPACITY,
    MIN_CAPACITY,
    Feedback,
    Format,
    Mentor,
    MentorOffer,
    MentorRequest,
    Mentorship,
)
from mentoring.services import (
    COLUMNS,
    mentor_approve,
    mentor_archive,
    mentor_refresh,
    mentor_send_back,
    mentor_stamp,
)
from portal.core.admin_safety import SafeAdminMixin
from portal.core.csv_import import csv_response
from portal.core.vocabulary import OrganisationType, Stage, Theme
from portal.moderation.admin import ModerationActionsMixin, ReviewFilter, VersionLockedForm
from portal.moderation.models import Status


class MentorAdminForm(VersionLockedForm):
    # Lists are ticked by name, never typed as codes.
    themes = forms.MultipleChoiceField(
        choices=Theme.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    stages = forms.MultipleChoiceField(
        choices=Stage.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    knows_organisation_types = forms.MultipleChoiceField(
        choices=OrganisationType.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    formats = forms.MultipleChoiceField(
        choices=Format.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    capacity = forms.TypedChoiceField(
        choices=[(n, n) for n in range(MIN_CAPACITY, MAX_CAPACITY + 1)], coerce=int, label="Mentees at once"
    )

    class Meta:
        model = Mentor
        fields = "__all__"  # noqa: DJ007 - the admin decides which fields it shows


class RoomFilter(admin.SimpleListFilter):
    title = "in the directory"
    parameter_name = "listed"

    def lookups(self, request, model_admin):
        return [("yes", "Listed (approved, taking mentees)"), ("paused", "Approved but paused")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.findable()
        if self.value() == "paused":
            return queryset.approved().filter(taking_mentees=False)
        return queryset


@admin.register(Mentor)
class MentorAdmin(SafeAdminMixin, ModerationActionsMixin, SimpleHistoryAdmin):
    noun, noun_plural = "mentor", "mentors"
    form = MentorAdminForm
    list_display = [
        "__str__",
        "organisation",
        "status",
        "taking_mentees",
        "capacity",
        "active_mentees",
        "region",
    ]
    list_filter = [ReviewFilter, RoomFilter, "status", "taking_mentees", "region", "joined_by"]
    search_fields = ["user__full_name", "user__email", "user__organisation__name", "bio"]
    list_select_related = ["user__organisation"]
    autocomplete_fields = ["user", "policy_areas", "brought_in_by"]
    readonly_fields = ["slug", "active_mentees", "submitted_at", "published_at", "created_at", "updated_at"]
    actions = ["approve", "request_changes", "archive", "export_csv"]
    review_actions = [("approve", "Approve"), ("request_changes", "Send back"), ("archive", "Archive")]
    send_back_question = "What should the mentor change?"
    send_back_explanation = (
        "Each mentor below is emailed this message, and can change their offer and send it again."
    )

    @admin.display(description="organisation", ordering="user__organisation__name")
    def organisation(self, mentor) -> str:
        return mentor.user.organisation.name if mentor.user.organisation else ""

    def preview_url(self, mentor) -> str:
        return mentor.get_absolute_url() if mentor.status == Status.PUBLISHED else ""

    def view_on_site(self, mentor):
        return self.preview_url(mentor) or None

    @admin.action(description="Approve the selected mentors", permissions=["change"])
    def approve(self, request, queryset):
        self.run_each(request, queryset, lambda m: mentor_approve(mentor=m), "approved")

    @admin.action(description="Send the selected mentors' offers back with a message", permissions=["change"])
    def request_changes(self, request, queryset):
        return self.send_back_each(
            request, queryset, lambda m, message: mentor_send_back(mentor=m, message=message)
        )

    @admin.action(description="Archive the selected mentors", permissions=["change"])
    def archive(self, request, queryset):
        self.run_each(request, queryset, lambda m: mentor_archive(mentor=m), "archived")

    @admin.action(description="Export the selected mentors as CSV (the import format)", permissions=["view"])
    def export_csv(self, request, queryset):
        rows = []
        for mentor in queryset.select_related("user__organisation").prefetch_related("policy_areas"):
            user, organisation = mentor.user, mentor.user.organisation
            rows.append(
                [
                    user.full_name, user.email, user.job_title, organisation.name if organisation else "",
                    organisation.organisation_type if organisation else "", mentor.region,
                    ";".join(mentor.themes), ";".join(area.name for area in mentor.policy_areas.all()),
                    ";".join(mentor.stages), ";".join(mentor.knows_organisation_types), ";".join(mentor.formats),
                    mentor.capacity, mentor.bio,
                ]
            )  # fmt: skip
        return csv_response(filename="mentors.csv", header=COLUMNS, rows=rows)

    def save_model(self, request, obj, form, change):
        mentor_stamp(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Every admin change reaches the directory.
        mentor_refresh([form.instance.id])


class OfferInline(admin.TabularInline):
    model = MentorOffer
    extra = 0
    can_delete = False
    fields = ["rank", "mentor", "status", "score", "sent_at", "due_at", "answered_at", "decline_reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MentorRequest)
class MentorRequestAdmin(SafeAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "status", "stage", "region", "created_at", "matched_at"]
    list_filter = ["status", "stage", "region"]
    search_fields = ["requester__full_name", "requester__email", "idea"]
    list_select_related = ["requester"]
    readonly_fields = ["requester", "status", "created_at", "updated_at", "matched_at"]
    autocomplete_fields = ["policy_areas", "innovation"]
    inlines = [OfferInline]
    actions = ["export_csv"]

    @admin.action(description="Export the selected requests as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        header = [
            "id",
            "requester",
            "email",
            "status",
            "stage",
            "themes",
            "region",
            "formats",
            "asked",
            "matched",
        ]
        rows = (
            [r.pk, r.requester.full_name, r.requester.email, r.status, r.stage, ";".join(r.themes), r.region,
             ";".join(r.formats), r.created_at.isoformat(), r.matched_at.isoformat() if r.matched_at else ""]
            for r in queryset.select_related("requester")
        )  # fmt: skip
        return csv_response(filename="mentor-requests.csv", header=header, rows=rows)


class OverdueFilter(admin.SimpleListFilter):
    title = "answer"
    parameter_name = "answer"

    def lookups(self, request, model_admin):
        return [("waiting", "Waiting for an answer"), ("overdue", "Past its answer-by date")]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.pending()
        if self.value() == "overdue":
            return queryset.overdue()
        return queryset


@admin.register(MentorOffer)
class MentorOfferAdmin(SafeAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "rank", "status", "score", "sent_at", "due_at", "answered_at"]
    list_filter = [OverdueFilter, "status"]
    list_select_related = ["mentor__user", "request__requester"]
    search_fields = ["mentor__user__full_name", "request__requester__full_name"]
    readonly_fields = [f.name for f in MentorOffer._meta.fields]
    actions = ["export_csv"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Export the selected offers as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        header = ["request", "mentor", "rank", "status", "score", "sent", "due", "answered", "decline reason"]
        rows = (
            [o.request_id, o.mentor.name, o.rank, o.status, o.score, o.sent_at or "", o.due_at or "",
             o.answered_at or "", o.decline_reason]
            for o in queryset.select_related("mentor__user")
        )  # fmt: skip
        return csv_response(filename="mentor-offers.csv", header=header, rows=rows)


class AttentionFilter(admin.SimpleListFilter):
    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("yes", "No session for six weeks")]

    def queryset(self, request, queryset):
        return queryset.with_progress().needing_attention() if self.value() == "yes" else queryset


@admin.register(Mentorship)
class MentorshipAdmin(SafeAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "status", "started_at", "ended_at"]
    list_filter = [AttentionFilter, "status"]
    list_select_related = ["mentor__user", "mentee"]
    search_fields = ["mentor__user__full_name", "mentee__full_name"]
    readonly_fields = ["request", "mentor", "mentee", "started_at", "invited_to_mentor_at"]
    actions = ["export_csv"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Export the selected mentorships as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        header = [
            "id",
            "mentor",
            "mentee",
            "status",
            "started",
            "ended",
            "end reason",
            "last session",
            "goals",
            "goals done",
        ]
        rows = (
            [m.pk, m.mentor.name, m.mentee.full_name, m.status, m.started_at.isoformat(),
             m.ended_at.isoformat() if m.ended_at else "", m.end_reason, m.last_session or "", m.goals_total, m.goals_done]
            for m in queryset.with_progress().select_related("mentor__user")
        )  # fmt: skip
        return csv_response(filename="mentorships.csv", header=header, rows=rows)


@admin.register(Feedback)
class FeedbackAdmin(SafeAdminMixin, admin.ModelAdmin):
    """Feedback is for the central team: read here, never shown to the other side of the mentorship."""

    list_display = ["mentorship", "author", "moment", "rating", "created_at"]
    list_filter = ["moment", "rating"]
    list_select_related = ["mentorship__mentor__user", "mentorship__mentee", "author"]
    readonly_fields = ["mentorship", "author", "moment", "rating", "comments", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
