from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from portal.advice.models import MAX_SUPPORT_TYPES, AdviceSource, SupportType
from portal.advice.services import advice_refresh
from portal.core.admin_curated import CuratedBitListAdmin
from portal.core.admin_safety import SafeAdminMixin
from portal.core.freshness import FreshnessFilter


@admin.register(AdviceSource)
class AdviceSourceAdmin(SafeAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "provider", "status", "fees", "last_verified", "link_ok", "link_problem"]
    list_filter = ["status", "fees", "link_ok", FreshnessFilter]
    readonly_fields = ["link_ok", "link_problem", "link_checked_at"]
    search_fields = ["name", "provider__name", "description"]
    autocomplete_fields = ["provider", "verified_by"]
    prepopulated_fields = {"slug": ["name"]}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "support_types":
            kwargs["widget"] = forms.CheckboxSelectMultiple  # a short list: tick boxes, no script needed
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        advice_refresh([form.instance.pk])  # search and facets follow every edit, support types included


@admin.register(SupportType)
class SupportTypeAdmin(CuratedBitListAdmin):
    """The kinds of help the directory offers, on the find-help question, the filters and the import."""

    list_display = ["name", "slug", "description"]
    bit_limit = MAX_SUPPORT_TYPES
    entries_label = "support types"
    used_by = AdviceSource.support_types.field

    def refresh(self, ids):
        advice_refresh(ids)
