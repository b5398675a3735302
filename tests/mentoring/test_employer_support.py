"""The line manager's confirmation of time for mentoring: a signed link that answers one request only,
sent to someone other than the people in the mentorship, a limited number of times, never cached, and
emails that show what people typed as text."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils.html import escape

from mentoring.models import EmployerSupport
from mentoring.services import employer_support_answer, support_for_token
from portal.moderation.models import WorkflowError
from tests.mentoring.test_mentorships import pair, url  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def ask(client, mentorship, name, email):
    return client.post(url(mentorship, "employer/"), {"manager_name": name, "manager_email": email})


def link_sent_to(email) -> str:
    message = [m for m in mail.outbox if m.to == [email]][-1]
    link = re.search(r"https?://\S+/mentoring/support/\S+/", message.body).group(0)
    return link[link.index("/mentoring/") :]


def test_a_link_stops_working_once_the_request_is_sent_again(pair, client):  # noqa: F811
    """Asked of Boss A, answered, then asked of Boss B: A's link no longer answers for anyone."""
    mentorship, clients = pair
    ask(clients["mentee"], mentorship, "Alex Boss", "alex@northby.example.org")
    first_link = link_sent_to("alex@northby.example.org")
    client.post(first_link, {"answer": "yes"})
    assert EmployerSupport.objects.get().status == "confirmed"

    ask(clients["mentee"], mentorship, "Bea Boss", "bea@northby.example.org")
    assert client.get(first_link).status_code == 404
    assert client.post(first_link, {"answer": "yes", "comment": "Sure."}).status_code == 404
    support = EmployerSupport.objects.get()
    assert (support.manager_name, support.status, support.comment) == ("Bea Boss", "asked", "")
    assert (
        "Can Ed Mentee have time for mentoring?"
        in client.get(link_sent_to("bea@northby.example.org")).content.decode()
    )


def test_an_unanswered_link_stops_working_when_the_request_goes_to_someone_else(pair, client):  # noqa: F811
    mentorship, clients = pair
    ask(clients["mentee"], mentorship, "Alex Boss", "alex@northby.example.org")
    first_link = link_sent_to("alex@northby.example.org")
    ask(clients["mentee"], mentorship, "Bea Boss", "bea@northby.example.org")
    assert client.post(first_link, {"answer": "yes"}).status_code == 404
    assert EmployerSupport.objects.get().status == "asked"


def test_an_answer_through_a_link_replaced_while_the_page_was_open_is_refused(pair):  # noqa: F811
    mentorship, clients = pair
    ask(clients["mentee"], mentorship, "Alex Boss", "alex@northby.example.org")
    opened = support_for_token(link_sent_to("alex@northby.example.org").split("/")[-2])
    ask(clients["mentee"], mentorship, "Bea Boss", "bea@northby.example.org")
    with pytest.raises(WorkflowError, match="replaced by a newer one"):
        employer_support_answer(support=opened, confirmed=True)
    assert EmployerSupport.objects.get().status == "asked"


@pytest.mark.parametrize("who", ["mentee", "mentor"])
def test_no_one_in_the_mentorship_can_be_named_as_the_line_manager(pair, who):  # noqa: F811
    mentorship, clients = pair
    own = {"mentee": "ED@example.org", "mentor": "mina@example.org"}[who]
    mail.outbox.clear()
    response = ask(clients["mentee"], mentorship, "Ed Mentee", own)
    html = response.content.decode()
    message = (
        "Enter your line manager's email address: it cannot be yours or the other person's in the mentorship"
    )
    assert html.count(escape(message)) == 2  # next to the field and in the error summary
    assert 'class="govuk-error-summary"' in html and f'value="{own}"' in html
    assert not EmployerSupport.objects.exists() and mail.outbox == []


def test_names_and_comments_are_text_in_the_html_emails(pair, client):  # noqa: F811
    """Only the portal's own addresses become links; what people typed never does."""
    mentorship, clients = pair
    ask(clients["mentee"], mentorship, "https://evil.example/reset", "pat@northby.example.org")
    link = link_sent_to("pat@northby.example.org")
    client.post(link, {"answer": "no", "comment": "See https://evil.example/more for why."})
    emails = [m for m in mail.outbox if "evil.example" in m.body]
    assert len(emails) == 2
    for message in emails:
        [(html, _kind)] = message.alternatives
        assert "https://evil.example/reset" in html and 'href="https://evil.example' not in html
    [(html, _kind)] = [m for m in emails if m.to == ["pat@northby.example.org"]][0].alternatives
    assert f'href="http://127.0.0.1:8000{link}"' in html  # the portal's own link still is one


def test_asking_is_limited_to_five_times_a_day(pair):  # noqa: F811
    mentorship, clients = pair
    for n in range(5):
        assert (
            ask(clients["mentee"], mentorship, "Pat Boss", f"pat{n}@northby.example.org").status_code == 302
        )
    mail.outbox.clear()
    response = ask(clients["mentee"], mentorship, "Pat Boss", "pat5@northby.example.org")
    assert response.status_code == 429
    assert "You can ask 5 times a day. Try again tomorrow." in response.content.decode()
    assert mail.outbox == [] and EmployerSupport.objects.get().manager_email == "pat4@northby.example.org"
    # The limit is each person's own: the mentor can still ask theirs.
    assert ask(clients["mentor"], mentorship, "Max Boss", "max@mentors.example.org").status_code == 302


def test_the_signed_link_pages_are_never_stored(pair, client):  # noqa: F811
    """Whoever holds the link sees the page without signing in: no cache may keep it."""
    mentorship, clients = pair
    ask(clients["mentee"], mentorship, "Pat Boss", "pat@northby.example.org")
    response = Client().get(link_sent_to("pat@northby.example.org"))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_a_link_opened_after_the_mentorship_ended_says_so_and_records_nothing(pair, client):  # noqa: F811
    from mentoring.services import mentorship_end

    mentorship, clients = pair
    ask(clients["mentee"], mentorship, "Alex Boss", "alex@northby.example.org")
    link = link_sent_to("alex@northby.example.org")
    mentorship_end(mentorship=mentorship, user=mentorship.mentee, completed=True)
    assert "This mentorship has ended" in client.get(link).content.decode()
    html = client.post(link, {"answer": "yes"}).content.decode()
    assert "This mentorship has ended" in html and "You confirmed time" not in html
    assert EmployerSupport.objects.get().status == "asked"
