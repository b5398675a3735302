"""The central team curates the synonyms and acronyms search applies to every catalogue."""

from django.contrib import admin

from portal.core.admin_safety import SafeAdminMixin
from portal.search.models import Synonym
from portal.search.vocabulary import synonym_rules_refresh


@admin.register(Synonym)
class SynonymAdmin(SafeAdminMixin, admin.ModelAdmin):
    """Each row works both ways: a search for either phrase also finds entries with the other. Changes
    apply to the next search."""

    list_display = ["phrase", "also_means", "note"]
    search_fields = ["phrase", "also_means", "note"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        synonym_rules_refresh()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        synonym_rules_refresh()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        synonym_rules_refresh()
