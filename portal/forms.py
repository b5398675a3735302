"""The forms of the project's own pages: the account details and allauth's sign-in and sign-up in GOV.UK
words. They render through the shared GOV.UK renderer (portal.core.forms)."""

from allauth.account import forms as allauth_forms
from django import forms

from portal.core.forms import OrganisationFieldsMixin


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
