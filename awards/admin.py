"""The central team's side of the award: its rounds, with their categories and criteria."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from awards.models import Award, Category, Criterion, Round
from portal.core.admin_safety import SafeAdminMixin
from portal.core.vocabulary import OrganisationType


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    fields = ["name", "description", "order"]


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0
    fields = [
        "name", "description", "weight", "word_limit", "score_1", "score_2", "score_3", "score_4", "score_5", "order",
    ]  # fmt: skip


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
    inlines = [CategoryInline, CriterionInline]
    fieldsets = [
        (None, {"fields": ["award", "year", "description"]}),
        ("Dates (UK time)", {"fields": ["opens_at", "closes_at", "judging_ends_at", "announce_at"]}),
        (
            "Who may be nominated",
            {"fields": ["nominees", "eligible_organisation_types", "innovation_required"]},
        ),
        ("Judging", {"fields": ["blind_judging", "judges_per_nomination"]}),
    ]

    @admin.display(description="state")
    def state_label(self, round_) -> str:
        return round_.state_label()

    def view_on_site(self, round_):
        return round_.get_absolute_url()
