"""The project form renderer: GOV.UK markup, an error summary linking to each field, and values kept."""

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from portal.models import User

pytestmark = pytest.mark.django_db


class ExampleForm(forms.Form):
    name = forms.CharField(label="Name", max_length=20, error_messages={"required": "Enter a name"})
    summary = forms.CharField(label="Summary", max_length=300, widget=forms.Textarea, required=False)
    stage = forms.ChoiceField(
        label="Stage", choices=[("test", "Test it"), ("prove", "Prove it")], widget=forms.RadioSelect
    )
    themes = forms.MultipleChoiceField(
        label="Themes",
        choices=[("culture", "Culture"), ("skills", "Skills")],
        widget=forms.CheckboxSelectMultiple,
    )


def render(form) -> str:
    template = Template('{% include "includes/error_summary.html" %}{{ form }}')
    return template.render(Context({"form": form}))


def test_valid_fields_render_as_govuk_components():
    html = render(ExampleForm())
    assert '<label class="govuk-label" for="id_name">Name</label>' in html
    assert 'class="govuk-input"' in html
    assert 'class="govuk-textarea govuk-js-character-count"' in html
    assert 'data-module="govuk-character-count" data-maxlength="300"' in html
    assert "Summary (optional)" in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Stage</legend>' in html
    assert 'class="govuk-radios__input" id="id_stage_0" name="stage" type="radio" value="test"' in html
    assert (
        'class="govuk-checkboxes__input" id="id_themes_1" name="themes" type="checkbox" value="skills"'
        in html
    )
    assert "There is a problem" not in html
    assert " required" not in html


def test_errors_appear_in_summary_linking_to_each_field_and_beside_it():
    form = ExampleForm(data={"name": "", "summary": "Kept text", "themes": ["skills"]})
    assert not form.is_valid()
    html = render(form)
    assert "There is a problem" in html
    assert '<a href="#id_name">Enter a name</a>' in html
    # A group of radios links to its first radio.
    assert '<a href="#id_stage_0">' in html
    assert '<p id="id_name-error" class="govuk-error-message">' in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert 'aria-describedby="id_name-error"' in html
    assert "govuk-form-group govuk-form-group--error" in html
    # What the user typed or ticked is kept.
    assert "Kept text</textarea>" in html
    assert 'value="skills" checked' in html


def test_account_page_shows_errors_and_keeps_values(innovator_client):
    response = innovator_client.post(
        reverse("portal:account"),
        {"full_name": "", "job_title": "Analyst", "organisation_name": "A Brand New Body"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#id_full_name">Enter your full name</a>' in html
    assert (
        '<a href="#id_organisation_type">Select the type of organisation, as it is new to the portal</a>'
        in html
    )
    assert 'value="Analyst"' in html
    assert 'value="A Brand New Body"' in html
    assert not User.objects.filter(job_title="Analyst").exists()
