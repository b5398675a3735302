from django.contrib import admin
from django.utils import timezone

from innovations.models import MAX_POLICY_AREAS, Adoption, Innovation, PolicyArea
from innovations.services import catalogue_refresh, innovation_unique_slug


class AdoptionInline(admin.TabularInline):
    model = Adoption
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "kind", "year", "status", "what_changed", "result"]


@admin.register(Innovation)
class InnovationAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "stage",
        "evidence_level",
        "organisation",
        "last_verified",
        "updated_at",
    ]
    list_filter = [
        "status",
        "stage",
        "evidence_level",
        "organisation__organisation_type",
        "organisation__region",
    ]
    search_fields = ["title", "summary", "organisation__name"]
    autocomplete_fields = ["organisation", "policy_areas", "submitted_by"]
    readonly_fields = ["slug", "published_at", "created_at", "updated_at"]
    inlines = [AdoptionInline]
    list_select_related = ["organisation"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Every admin change (fields, policy areas, adoptions) reaches the public catalogue.
        catalogue_refresh([form.instance.id])

    def save_model(self, request, obj, form, change):
        if obj.status == "published" and obj.published_at is None:
            obj.published_at = timezone.now()
        if not obj.slug:
            obj.slug = innovation_unique_slug(obj.title)
        super().save_model(request, obj, form, change)


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "innovation", "kind", "year", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["organisation__name", "innovation__title"]
    autocomplete_fields = ["organisation", "innovation"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        catalogue_refresh([obj.innovation_id])

    def delete_model(self, request, obj):
        innovation_id = obj.innovation_id
        super().delete_model(request, obj)
        catalogue_refresh([innovation_id])

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("innovation_id", flat=True))
        super().delete_queryset(request, queryset)
        catalogue_refresh(ids)


@admin.register(PolicyArea)
class PolicyAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        if obj.bit is None:
            free = sorted(
                set(range(MAX_POLICY_AREAS)) - set(PolicyArea.objects.values_list("bit", flat=True))
            )
            if not free:
                raise ValueError(f"The catalogue holds at most {MAX_POLICY_AREAS} policy areas.")
            obj.bit = free[0]
        super().save_model(request, obj, form, change)
        catalogue_refresh(obj.innovations.values_list("id", flat=True))
