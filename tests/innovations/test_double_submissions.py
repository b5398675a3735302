"""Forms sent twice, or by two people at the same moment, on two database connections: the second
gets the first's result page, never a 500, a duplicate or a second email; and one person's submission
never changes another's."""

import threading
import uuid

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from innovations.models import Adoption, Innovation, ProblemReport
from portal.models import Organisation
from tests.factories import UserFactory, make_innovation
from tests.innovations.test_submission import ABOUT, complete

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*calls):
    """Run the calls in threads released together (each thread has its own database connection)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    errors = []

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # reported below, with the thread's own traceback lost
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def signed_in(user) -> Client:
    client = Client(raise_request_exception=True)
    client.force_login(user)
    return client


def test_two_identical_about_posts_at_once_make_one_draft(settings):
    user = UserFactory()
    first, second = signed_in(user), signed_in(user)
    data = {**ABOUT, "form_token": str(uuid.uuid4())}
    responses = at_once(
        lambda: first.post("/innovations/share/about/", data),
        lambda: second.post("/innovations/share/about/", data),
    )
    assert [r.status_code for r in responses] == [302, 302]
    assert Innovation.objects.count() == 1
    draft = Innovation.objects.get()
    assert {r["Location"] for r in responses} == {f"/innovations/yours/{draft.pk}/"}


def test_two_new_innovations_with_one_title_at_once_both_save_with_their_own_addresses():
    alice, bob = signed_in(UserFactory()), signed_in(UserFactory())
    responses = at_once(
        lambda: alice.post("/innovations/share/about/", {**ABOUT, "form_token": str(uuid.uuid4())}),
        lambda: bob.post("/innovations/share/about/", {**ABOUT, "form_token": str(uuid.uuid4())}),
    )
    assert [r.status_code for r in responses] == [302, 302]
    slugs = sorted(Innovation.objects.values_list("slug", flat=True))
    assert slugs == ["falls-visits-by-firefighters", "falls-visits-by-firefighters-2"]
    assert Organisation.objects.filter(name="Valleys Fire Service").count() == 1


def test_four_final_submits_at_once_submit_once_and_send_two_emails(settings):
    settings.CENTRAL_TEAM_EMAIL = "team@example.org"
    user = UserFactory()
    client = signed_in(user)
    client.post("/innovations/share/about/", ABOUT)
    draft = Innovation.objects.get()
    complete(client, draft)
    mail.outbox.clear()
    clients = [signed_in(user) for _ in range(4)]
    responses = at_once(*[lambda c=c: c.post(f"/innovations/yours/{draft.pk}/check/") for c in clients])
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {f"/innovations/yours/{draft.pk}/submitted/"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([user.email, "team@example.org"])
    assert Innovation.objects.get().status == "submitted"


def test_account_saves_naming_one_new_organisation_at_once_share_it():
    ivy, sam = UserFactory(), UserFactory()
    details = {
        "full_name": "Someone",
        "organisation_name": "Fenland Health Partnership",
        "organisation_type": "nhs",
        "region": "east",
    }
    responses = at_once(
        lambda: signed_in(ivy).post("/account/", details),
        lambda: signed_in(sam).post(
            "/account/", {**details, "organisation_name": "fenland health partnership"}
        ),
    )
    assert [r.status_code for r in responses] == [302, 302]
    [organisation] = Organisation.objects.all()
    assert set(organisation.members.all()) == {ivy, sam}


STORY = {
    "organisation_name": "Westshire County Council",
    "organisation_type": "local_authority",
    "region": "south_west",
    "kind": "adapted",
    "what_changed": "Smaller caseloads.",
    "result": "90% still housed.",
}


def test_the_same_adoption_story_sent_twice_at_once_is_recorded_and_emailed_once(settings):
    settings.CENTRAL_TEAM_EMAIL = "team@example.org"
    innovation = make_innovation(title="Housing First")
    user = UserFactory()
    url = f"/innovations/{innovation.slug}/adopted/"
    responses = at_once(lambda: signed_in(user).post(url, STORY), lambda: signed_in(user).post(url, STORY))
    assert [r.status_code for r in responses] == [200, 200]
    assert all("Adoption story sent" in r.content.decode() for r in responses)
    assert Adoption.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["team@example.org"]]


def test_two_people_telling_of_one_new_adopter_at_once_get_no_error_and_the_first_story_stands():
    innovation = make_innovation(title="Housing First")
    ivy, sam = UserFactory(), UserFactory()
    url = f"/innovations/{innovation.slug}/adopted/"
    responses = at_once(
        lambda: signed_in(ivy).post(url, STORY),
        lambda: signed_in(sam).post(
            url, {**STORY, "organisation_name": "westshire county COUNCIL", "result": "Sam's"}
        ),
    )
    pages = sorted(r.content.decode() for r in responses)
    assert [r.status_code for r in responses] == [200, 200]
    assert sum("Adoption story sent" in p for p in pages) == 1
    assert sum("Someone else has already told us" in p for p in pages) == 1
    adoption = Adoption.objects.get()
    assert (adoption.submitted_by == ivy) == (adoption.result == "90% still housed.")


def test_a_problem_report_sent_twice_is_recorded_once(settings):
    settings.CENTRAL_TEAM_EMAIL = "team@example.org"
    innovation = make_innovation(title="Housing First")
    data = {"reason": "wrong", "details": "A typo.", "form_token": str(uuid.uuid4())}
    url = f"/innovations/{innovation.slug}/report/"
    responses = at_once(lambda: Client().post(url, data), lambda: Client().post(url, data))
    assert [r.status_code for r in responses] == [200, 200]
    assert ProblemReport.objects.count() == 1
    assert len(mail.outbox) == 1
