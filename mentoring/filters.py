"""The filters of a mentor's list of mentees (django-filter, rendered by the project's form renderer)."""

import django_filters
from django import forms

from mentoring.models import MentorshipStatus


class MenteeFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        label="Status",
        choices=MentorshipStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select statuses from the list"},
    )
    attention = django_filters.ChoiceFilter(
        label="Needs attention",
        choices=[("yes", "Only those that need attention (no session for six weeks)")],
        empty_label="All",
        method="only_needing_attention",
        error_messages={"invalid_choice": "Select from the list"},
    )

    def only_needing_attention(self, queryset, name, value):
        return queryset.needing_attention() if value == "yes" else queryset
