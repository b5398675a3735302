from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from simple_history.admin import SimpleHistoryAdmin

from portal.models import Organisation, User
from portal.services import organisation_update


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation_type", "region", "updated_at"]
    list_filter = ["organisation_type", "region"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        if change and {"name", "organisation_type", "region"} & set(form.changed_data):
            # A renamed or re-typed organisation changes what search finds and how facets count.
            organisation_update(
                organisation=obj, name=obj.name, organisation_type=obj.organisation_type, region=obj.region
            )
        else:
            super().save_model(request, obj, form, change)


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
