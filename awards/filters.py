"""The filters of a judge's queue (django-filter, rendered by the project's form renderer)."""

import django_filters
from django import forms
from django.db.models import Count, F, Q

from awards.models import Category


class QueueFilter(django_filters.FilterSet):
    category = django_filters.ModelChoiceFilter(
        label="Category",
        field_name="nomination__category",
        queryset=Category.objects.none(),
        empty_label="All categories",
        error_messages={"invalid_choice": "Select a category from the list"},
    )
    scored = django_filters.ChoiceFilter(
        label="Scored",
        choices=[("no", "Still to score"), ("yes", "Scored")],
        empty_label="All",
        method="by_scored",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select from the list"},
    )

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["category"].queryset = (
            categories.select_related("round__award") if categories is not None else Category.objects.none()
        )
        # A judge of several rounds sees each round's categories: each is named with its round.
        self.form.fields["category"].label_from_instance = lambda category: (
            f"{category.round}: {category.name}"
        )

    def by_scored(self, queryset, name, value):
        queryset = queryset.annotate(
            scored_count=Count("scores", distinct=True),
            criteria_count=Count("nomination__round__criteria", distinct=True),
        )
        full = Q(scored_count__gte=F("criteria_count"))
        return queryset.filter(full) if value == "yes" else queryset.exclude(full)
