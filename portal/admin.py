from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from simple_history.admin import SimpleHistoryAdmin

from portal.admin_curated import CuratedBitListAdmin
from portal.admin_filters import FreshnessFilter
from portal.advice import advice_refresh
from portal.models import MAX_SUPPORT_TYPES, AdviceSource, Organisation, SupportType, User
from portal.services import organisation_reindex


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation_type", "region", "updated_at"]
    list_filter = ["organisation_type", "region"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"name", "organisation_type", "region"} & set(form.changed_data):
            # A renamed or re-typed organisation changes what search finds and how facets count.
            organisation_reindex(obj)


class UserCreationAdminForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationAdminForm
    form = UserChangeAdminForm
    ordering = ["email"]
    list_display = ["email", "full_name", "organisation", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Details", {"fields": ["full_name", "job_title", "organisation"]}),
        ("Role", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(AdviceSource)
class AdviceSourceAdmin(SimpleHistoryAdmin):
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
