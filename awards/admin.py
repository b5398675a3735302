"""The central team's side of the award: its rounds, with their categories and criteria."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Subquery
from simple_history.admin import SimpleHistoryAdmin

from awards.judging import judge_appointed, judges_assign
from awards.models import (
    Assignment,
    AssignmentStatus,
    Award,
    Category,
    Criterion,
    Judge,
    Nomination,
    Nominee,
    Round,
    Statement,
)
from awards.publishing import schedule_results
from portal.core.admin_safety import SafeAdminMixin
from portal.core.vocabulary import OrganisationType


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    fields = ["name", "description", "nominees", "order"]


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0
    fields = [
        "name", "description", "weight", "word_limit", "score_1", "score_2", "score_3", "score_4", "score_5", "order",
    ]  # fmt: skip


class JudgeInline(admin.TabularInline):
    model = Judge
    extra = 0
    autocomplete_fields = ["user"]
    verbose_name = "judge"
    verbose_name_plural = "judges"


class RoundAdminForm(forms.ModelForm):
    # Ticked by name, never typed as codes.
    eligible_organisation_types = forms.MultipleChoiceField(
        choices=OrganisationType.choices, widget=forms.CheckboxSelectMultiple, required=False,
        help_text="Leave all unticked to accept nominees from any kind of organisation.",
    )  # fmt: skip

    class Meta:
        model = Round
        fields = "__all__"  # noqa: DJ007 - the admin decides which fields it shows


@admin.register(Award)
class AwardAdmin(SafeAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Round)
class RoundAdmin(SafeAdminMixin, SimpleHistoryAdmin):
    form = RoundAdminForm
    list_display = ["__str__", "state_label", "opens_at", "closes_at", "judging_ends_at", "announce_at"]
    list_filter = ["award", "year"]
    list_select_related = ["award"]
    inlines = [CategoryInline, CriterionInline, JudgeInline]
    actions = ["assign_judges"]
    fieldsets = [
        (None, {"fields": ["award", "year", "description"]}),
        ("Dates (UK time)", {"fields": ["opens_at", "closes_at", "judging_ends_at", "announce_at"]}),
        (
            "Who may be nominated",
            {"fields": ["nominees", "eligible_organisation_types", "innovation_required"]},
        ),
        ("Judging", {"fields": ["blind_judging", "judges_per_nomination"]}),
    ]

    @admin.action(
        description="Give each submitted nomination its judges (avoiding conflicts)", permissions=["change"]
    )
    def assign_judges(self, request, queryset):
        results = [judges_assign(round_=round_) for round_ in queryset]
        made = sum(result.made for result in results)
        short = [shortfall for result in results for shortfall in result.short]
        self.message_user(request, f"{made} assignment{'s' if made != 1 else ''} made.", messages.SUCCESS)
        if short:
            self.message_user(
                request,
                f"{len(short)} nomination{'s are' if len(short) != 1 else ' is'} short of judges, because too "
                f"few are free of conflicts: {'; '.join(str(s) for s in short)}. Appoint more judges on the "
                "round's page, then run this again: it only fills the gaps.",
                messages.WARNING,
            )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Judge:
            for judge in formset.new_objects:
                judge_appointed(judge=judge)

    @admin.display(description="state")
    def state_label(self, round_) -> str:
        return round_.state_label()

    def view_on_site(self, round_):
        return round_.get_absolute_url()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The results follow the dates: published now if the announcement date has passed (withdrawn if
        # it was moved back), and queued for the announcement time.
        schedule_results(form.instance)


class NomineeInline(admin.TabularInline):
    model = Nominee
    extra = 0
    fields = ["name", "role", "organisation", "email"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class StatementInline(admin.StackedInline):
    model = Statement
    extra = 0
    fields = ["criterion", "situation", "task", "action", "result"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Nomination)
class NominationAdmin(SafeAdminMixin, SimpleHistoryAdmin):
    """The central team reads nominations here; nominators write them on the website."""

    list_display = ["__str__", "status", "category", "submitted_at"]
    list_filter = ["status", "round", "category"]
    list_select_related = ["round__award", "category"]
    search_fields = ["team_name", "nominees__name", "nominator__email"]
    readonly_fields = [
        "round", "nominator", "status", "category", "kind", "team_name", "innovation", "summary", "links",
        "relationship", "submitted_at",
    ]  # fmt: skip
    inlines = [NomineeInline, StatementInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("nominees")

    def has_add_permission(self, request):
        return False


@admin.register(Assignment)
class AssignmentAdmin(SafeAdminMixin, admin.ModelAdmin):
    """Which judge has which nomination; conflicts declared show here with the reason."""

    list_display = ["nomination", "judge", "progress", "created_at"]
    list_filter = ["status", "nomination__round"]
    list_select_related = ["nomination__round__award", "judge"]
    search_fields = ["judge__full_name", "judge__email"]
    readonly_fields = ["nomination", "judge", "progress", "conflict_reason", "created_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("nomination__nominees")
            .annotate(
                scored=Count("scores", distinct=True),
                criteria=Subquery(
                    Criterion.objects.filter(round_id=OuterRef("nomination__round_id"))
                    .values("round_id")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
            )
        )

    @admin.display(description="progress")
    def progress(self, assignment) -> str:
        """Where the judge is with it: stepped aside, scored (every criterion) or still to judge."""
        if assignment.status == AssignmentStatus.CONFLICTED:
            return assignment.get_status_display()
        if assignment.criteria and assignment.scored >= assignment.criteria:
            return "Scored"
        if assignment.scored:
            return f"Partly scored ({assignment.scored} of {assignment.criteria or 0} criteria)"
        return "To judge"

    def has_add_permission(self, request):
        return False
