from allauth.account import admin as _allauth_admin  # noqa: F401 - registered first, to be removed
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django_tasks_db import admin as task_queue_admin
from simple_history.admin import SimpleHistoryAdmin

from portal.core.admin_safety import SafeAdminMixin
from portal.core.models import EmailFailure
from portal.models import Organisation, OrganisationSuggestion, User
from portal.services import (
    organisation_suggestion_apply,
    organisation_suggestion_dismiss,
    organisation_update,
)

# The raw task queue shows each email's body, which may hold a sign-in or reset link: the central team
# sees failed emails through EmailFailure instead.
admin.site.unregister(task_queue_admin.DBTaskResult)
# What the central team does not manage: permission groups (roles are rules, portal/rules.py) and
# allauth's email address records (people change their own address from their account).
admin.site.unregister(Group)
admin.site.unregister(EmailAddress)


@admin.register(EmailFailure)
class EmailFailureAdmin(SafeAdminMixin, admin.ModelAdmin):
    """Emails the mail server refused: whether they are waiting to be tried again, got through in the
    end, or were given up."""

    list_display = ["subject", "recipients", "attempts", "last_failed_at", "outcome", "error"]
    list_filter = [
        ("delivered_at", admin.EmptyFieldListFilter),
        ("next_attempt_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["subject", "recipients"]
    readonly_fields = [f.name for f in EmailFailure._meta.fields]

    @admin.display(description="outcome")
    def outcome(self, failure: EmailFailure) -> str:
        if failure.delivered_at:
            return f"Sent on attempt {failure.attempts + 1}"
        if failure.next_attempt_at:
            return f"To be tried again at {failure.next_attempt_at:%H:%M on %d %B}"
        return "Given up: send it another way"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OrganisationSuggestion)
class OrganisationSuggestionAdmin(SafeAdminMixin, admin.ModelAdmin):
    """Users' proposed changes to a shared organisation's type or region, applied or dismissed here."""

    list_display = ["organisation", "current", "organisation_type", "region", "suggested_by", "created_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter)]
    list_select_related = ["organisation", "suggested_by"]
    readonly_fields = [
        "organisation",
        "suggested_by",
        "organisation_type",
        "region",
        "created_at",
        "resolved_at",
    ]
    actions = ["apply", "dismiss"]

    @admin.display(description="now")
    def current(self, suggestion) -> str:
        organisation = suggestion.organisation
        return f"{organisation.get_organisation_type_display() or '(no type)'}, {organisation.get_region_display() or '(no region)'}"

    def has_add_permission(self, request):
        return False

    @admin.action(description="Apply the selected suggestions to their organisations", permissions=["change"])
    def apply(self, request, queryset):
        done = [organisation_suggestion_apply(suggestion=s) for s in queryset.filter(resolved_at=None)]
        self.message_user(request, f"{len(done)} suggestion{'s' if len(done) != 1 else ''} applied.")

    @admin.action(description="Dismiss the selected suggestions", permissions=["change"])
    def dismiss(self, request, queryset):
        done = [organisation_suggestion_dismiss(suggestion=s) for s in queryset.filter(resolved_at=None)]
        self.message_user(request, f"{len(done)} suggestion{'s' if len(done) != 1 else ''} dismissed.")


@admin.register(Organisation)
class OrganisationAdmin(SafeAdminMixin, SimpleHistoryAdmin):
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
class UserAdmin(SafeAdminMixin, BaseUserAdmin):
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
