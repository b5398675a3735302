from datetime import timedelta

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone

STALE_AFTER = timedelta(days=548)  # 18 months: entries older than this are flagged to readers and curators


class FreshnessFilter(admin.SimpleListFilter):
    title = "last checked"
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return [("stale", "Not checked for 18 months"), ("fresh", "Checked in the last 18 months")]

    def queryset(self, request, queryset):
        cutoff = timezone.localdate() - STALE_AFTER
        if self.value() == "stale":
            return queryset.filter(Q(last_verified__lt=cutoff) | Q(last_verified__isnull=True))
        if self.value() == "fresh":
            return queryset.filter(last_verified__gte=cutoff)
        return queryset
