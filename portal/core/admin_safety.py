"""Admin pages that cannot be broken by a posted value.

Django's AutocompleteSelect looks up the posted ids when it draws a form again with errors, and the
list's actions look up the ids of the rows chosen: a value that is not an id of the right type (text
where a number belongs) makes either lookup raise, so the page answers 500. Here such values are left
out of the widget (the field's own error says what is wrong), and an action given one is refused with
a message.
"""

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class _KeepsOnlyValidIds:
    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        valid = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class SafeAutocompleteSelect(_KeepsOnlyValidIds, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_KeepsOnlyValidIds, AutocompleteSelectMultiple):
    pass


class SafeAdminMixin:
    """For a ModelAdmin (or an inline, for its autocomplete fields)."""

    def response_action(self, request, queryset):
        pk = self.model._meta.pk
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                pk.to_python(value)
        except ValidationError:
            self.message_user(
                request,
                "The rows to act on were not understood: tick them in the list again.",
                messages.WARNING,
            )
            return None
        return super().response_action(request, queryset)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
