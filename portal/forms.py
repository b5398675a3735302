"""The forms of the project's own pages: the account details and allauth's sign-in and sign-up in GOV.UK
words. They render through the shared GOV.UK renderer (portal.core.forms)."""

from allauth.account import forms as allauth_forms
from django import forms

from portal.core.forms import OneLineFieldsMixin
from portal.core.vocabulary import OrganisationType, Region
from portal.models import Organisation


class OrganisationFieldsMixin(OneLineFieldsMixin, forms.Form):
    """An organisation typed by name: an existing one (any case) is used as it is; a new one needs its
    type and region. Used wherever someone says which organisation they work for, so the one-line
    answers of those forms (names, titles, the organisation) refuse line breaks too."""

    organisation_name = forms.CharField(
        label="Organisation",
        max_length=200,
        required=False,
        help_text="The public body, charity or company you work for.",
        error_messages={"max_length": "Organisation must be 200 characters or fewer"},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    organisation_type = forms.ChoiceField(
        label="Type of organisation",
        required=False,
        choices=[("", "Choose a type")] + list(OrganisationType.choices),
        help_text="Only needed if your organisation is not already listed. A change to a listed "
        "organisation goes to the central team to check.",
    )
    region = forms.ChoiceField(
        label="Where your organisation is based",
        required=False,
        choices=[("", "Choose a region")] + list(Region.choices),
        help_text="Only needed if your organisation is not already listed. A change to a listed "
        "organisation goes to the central team to check.",
    )
    organisation_required = False
    # Whether a new organisation's type (and its region, where the form asks it) must be given now: a form
    # that keeps drafts asks for them only when it is sent.
    new_organisation_checked = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.organisation_required:
            field = self.fields["organisation_name"]
            field.required = True
            field.error_messages["required"] = "Enter the name of the organisation"

    def clean(self):
        cleaned = super().clean()
        name = " ".join((cleaned.get("organisation_name") or "").split())
        cleaned["organisation_name"] = name
        if name and self.new_organisation_checked and not Organisation.objects.named(name).exists():
            if not cleaned.get("organisation_type"):
                self.add_error(
                    "organisation_type", "Select the type of organisation, as it is new to the portal"
                )
            if "region" in self.fields and not cleaned.get("region"):
                self.add_error("region", "Select where the organisation is based, as it is new to the portal")
        return cleaned


class AccountForm(OrganisationFieldsMixin, forms.Form):
    """The signed-in user's own details."""

    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={
            "required": "Enter your full name",
            "max_length": "Full name must be 150 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    job_title = forms.CharField(
        label="Job title",
        max_length=150,
        required=False,
        error_messages={"max_length": "Job title must be 150 characters or fewer"},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    field_order = ["full_name", "job_title", "organisation_name", "organisation_type", "region"]


class LoginForm(allauth_forms.LoginForm):
    """allauth's sign-in form with GOV.UK wording (the page has its own "Forgotten your password?" link)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        self.fields["login"].error_messages["required"] = "Enter your email address"
        self.fields["password"].help_text = ""
        self.fields["password"].error_messages["required"] = "Enter your password"
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up form with GOV.UK wording."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].help_text = "We will send a link to this address to confirm it is yours."
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["password1"].label = "Create a password"
        self.fields[
            "password1"
        ].help_text = "Use at least 10 characters. Avoid common words and only numbers."
        self.fields["password1"].error_messages["required"] = "Create a password"
        self.fields["password2"].label = "Confirm your password"
        self.fields["password2"].error_messages["required"] = "Enter your password again"
