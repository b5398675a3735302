"""Filters for the private lists of moderated things (someone's own innovations; soon a mentor's
mentees and a judge's nominations), declared with django-filter and rendered by the project's GOV.UK
form renderer. The public faceted search keeps its own one-pass engine (portal.search)."""

from datetime import timedelta

import django_filters
from django import forms
from django.utils import timezone

from portal.moderation.models import Status

CHANGED_WITHIN = [("7", "In the last week"), ("31", "In the last month"), ("365", "In the last year")]


class ModerationFilterSet(django_filters.FilterSet):
    """By status (any of those ticked) and by when it last changed. Subclasses name the model."""

    status = django_filters.MultipleChoiceFilter(
        label="Status",
        choices=Status.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select statuses from the list"},
    )
    changed = django_filters.ChoiceFilter(
        label="Last changed",
        choices=CHANGED_WITHIN,
        empty_label="At any time",
        method="changed_within",
        error_messages={"invalid_choice": "Select when it last changed from the list"},
    )

    def changed_within(self, queryset, name, value):
        return queryset.filter(updated_at__gte=timezone.now() - timedelta(days=int(value)))
