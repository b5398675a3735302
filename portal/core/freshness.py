"""The 18-month rule: an entry nobody has checked for 18 months is flagged to its readers (a warning on
its page) and to the central team (an admin filter)."""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone

STALE_AFTER = timedelta(days=548)  # 18 months


def stale_before():
    """Entries last checked before this date are stale."""
    return timezone.localdate() - STALE_AFTER


def is_stale(last_verified) -> bool:
    """Whether an entry last checked on `last_verified` (None: never) should warn its readers."""
    return last_verified is None or last_verified < stale_before()


class FreshnessFilter(admin.SimpleListFilter):
    title = "last checked"
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return [("stale", "Not checked for 18 months"), ("fresh", "Checked in the last 18 months")]

    def queryset(self, request, queryset):
        cutoff = stale_before()
        if self.value() == "stale":
            return queryset.filter(Q(last_verified__lt=cutoff) | Q(last_verified__isnull=True))
        if self.value() == "fresh":
            return queryset.filter(last_verified__gte=cutoff)
        return queryset
