"""Random text posted to every form the portal has: the forms are found by reading each page (so a new
form is covered when its page is), and every field gets text drawn by hypothesis (control characters,
any Unicode, long and empty values, numbers out of range, unknown choices). No answer may be a 5xx."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innovations.alerts import saved_search_create
from tests.factories import StaffFactory, UserFactory, make_innovation

pytestmark = pytest.mark.slow

EXAMPLES_PER_FORM = 15

HOSTILE = [
    "",
    " ",
    "\x00",
    "\x02marked\x03",
    '=HYPERLINK("http://evil.example")',
    "<script>alert(1)</script>",
    "![" * 3000,
    "x" * 12_000,
    "99999999999999999999999",
    "-1",
    "0",
    "1e309",
    "NaN",
    "../../etc/passwd",
    "😀" * 50,
    "\u202eevil",
    "a\r\nb",
]
TEXT = st.one_of(
    st.sampled_from(HOSTILE), st.text(max_size=200), st.text(min_size=1, max_size=3).map(lambda s: s * 4000)
)


class FormsOnPage(HTMLParser):
    """The POST forms on a page: each one's action and its fields, with the values a select, radio or
    checkbox offers."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        elif self._form is not None and tag in {"input", "textarea", "select"} and attrs.get("name"):
            field = self._form["fields"].setdefault(
                attrs["name"], {"type": attrs.get("type", tag), "options": []}
            )
            if attrs.get("value") is not None and field["type"] in {"radio", "checkbox", "hidden"}:
                field["options"].append(attrs["value"])
            if tag == "select":
                self._select = field
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_on(client, path):
    response = client.get(path, follow=True)
    assert response.status_code == 200, path
    parser = FormsOnPage()
    parser.feed(response.content.decode())
    return [(form["action"] or response.request["PATH_INFO"], form["fields"]) for form in parser.forms]


@st.composite
def values_for(draw, fields):
    data = {}
    for name, field in fields.items():
        if name == "csrfmiddlewaretoken":
            continue
        if field["options"] and draw(st.booleans()):
            chosen = draw(st.lists(st.sampled_from(field["options"]), max_size=3))
            data[name] = chosen if field["type"] == "checkbox" else (chosen[:1] or [""])
        else:
            data[name] = draw(st.lists(TEXT, min_size=0 if field["type"] == "checkbox" else 1, max_size=2))
    return data


def never_a_server_error(client_for, path, action, fields):
    """A hypothesis test posting random values for `fields` to `action`, the form found on `path`."""

    @given(data=values_for(fields))
    @settings(
        max_examples=EXAMPLES_PER_FORM, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def post(data):
        response = client_for().post(action, data)
        assert response.status_code < 500, (path, action, {k: repr(v)[:80] for k, v in data.items()})

    return post


def post_random_text_to_forms_on(client_for, paths):
    checked = 0
    for path in paths:
        for action, fields in forms_on(client_for(), path):
            never_a_server_error(client_for, path, action, fields)()
            checked += 1
    return checked


@pytest.fixture
def places(db):
    ivy = UserFactory(email="ivy@example.org")
    published = make_innovation(title="Housing hub", submitted_by=ivy)
    draft = make_innovation(title="Housing draft", status="draft", submitted_by=ivy)
    saved = saved_search_create(user=ivy, name="Housing", query="q=housing", frequency="weekly")
    return {"ivy": ivy, "published": published, "draft": draft, "saved": saved, "staff": StaffFactory()}


def test_no_random_text_breaks_a_form_for_visitors(places):
    innovation = places["published"].get_absolute_url()
    paths = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", f"{innovation}report/"]
    # The server makes one client per post: Django's test client does not enforce CSRF, as browsers
    # cannot skip it either way, and rate limits are cleared so every post reaches its form.
    assert post_random_text_to_forms_on(Client, paths) >= 4


def test_no_random_text_breaks_a_form_for_signed_in_people(places, settings):
    settings.RATELIMIT_ENABLE = False

    def as_ivy():
        client = Client()
        client.force_login(places["ivy"])
        return client

    innovation, draft = places["published"], places["draft"]
    paths = [
        "/account/",
        "/innovations/share/about/",
        *[
            f"/innovations/yours/{draft.pk}/{section}/"
            for section in ["about", "problem", "results", "cost", "lessons", "contact"]
        ],
        f"/innovations/yours/{draft.pk}/check/",
        f"{innovation.get_absolute_url()}adopted/",
        "/innovations/saved/new/?q=housing",
        f"/innovations/saved/{places['saved'].pk}/delete/",
        "/accounts/email/",
        "/accounts/password/change/",
    ]
    assert post_random_text_to_forms_on(as_ivy, paths) >= len(paths)


def test_no_random_text_breaks_the_central_teams_forms(places):
    def as_staff():
        client = Client()
        client.force_login(places["staff"])
        return client

    innovation = places["published"]
    paths = [
        f"/admin/innovations/innovation/{innovation.pk}/change/",
        f"/admin/portal/organisation/{innovation.organisation_id}/change/",
        "/admin/innovations/policyarea/add/",
    ]
    assert post_random_text_to_forms_on(as_staff, paths) >= len(paths)
