"""Admin for the curated lists whose entries each own one bit of a search bitmask (policy areas, support
types): an entry gets the first free bit when added, the team is told plainly when the list is full, and
the records that use an entry are reindexed when it is renamed or deleted, so a freed bit never carries
stale matches to the next entry that takes it."""

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError

from portal.core.admin_safety import SafeAdminMixin


def free_bit(model, limit: int) -> int | None:
    used = set(model.objects.values_list("bit", flat=True))
    return next((bit for bit in range(limit) if bit not in used), None)


class CuratedBitListAdmin(SafeAdminMixin, admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    bit_limit: int
    entries_label: str  # plural, for messages: "policy areas"
    used_by: Any  # the many-to-many field linking records to entries: `Innovation.policy_areas.field`

    def dependents(self, entries: Iterable) -> list[int]:
        """Ids of the records that use these entries."""
        field = self.used_by
        links = field.remote_field.through.objects.filter(
            **{f"{field.m2m_reverse_field_name()}__in": list(entries)}
        )
        return list(links.values_list(f"{field.m2m_field_name()}_id", flat=True))

    def refresh(self, ids: list[int]) -> None:
        """Reindex those records."""
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        limit, label = self.bit_limit, self.entries_label

        class CuratedEntryForm(form):
            def clean(self):
                cleaned = super().clean()
                if self.instance.bit is None and free_bit(self._meta.model, limit) is None:
                    raise ValidationError(
                        f"There can be at most {limit} {label}. Delete one that is no longer needed first."
                    )
                return cleaned

        return CuratedEntryForm

    def save_model(self, request, obj, form, change):
        if obj.bit is None:
            obj.bit = free_bit(type(obj), self.bit_limit)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.refresh(self.dependents([form.instance]))

    def delete_model(self, request, obj):
        ids = self.dependents([obj])
        super().delete_model(request, obj)
        self.refresh(ids)

    def delete_queryset(self, request, queryset):
        ids = self.dependents(queryset)
        super().delete_queryset(request, queryset)
        self.refresh(ids)
