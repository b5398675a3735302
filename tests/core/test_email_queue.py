"""Emails go through the task queue: a request never waits on, or fails with, the mail server. Each
email is queued with the change it reports, sent by the worker, tried again while the server refuses
it, sent once when the server is back, and each failure is there for the central team to see."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from innovations.models import Adoption, ProblemReport
from portal.core.emails import RETRY_AFTER, send_templated_email
from portal.core.models import EmailFailure
from portal.models import User
from tests.factories import StaffFactory, UserFactory, make_innovation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue(settings):
    """The database task queue, as in production (the suite otherwise runs tasks as they are queued)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    """What `manage.py db_worker --batch` does: run every task that is due, then stop."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


@pytest.fixture
def mail_server(monkeypatch):
    """The mail server, which a test can take down and bring back."""
    state = {"up": True}
    original = locmem.EmailBackend.send_messages

    def send_messages(self, messages):
        if not state["up"]:
            raise ConnectionRefusedError(111, "Connection refused")
        return original(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", send_messages)
    return state


def make_retries_due():
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - timedelta(seconds=1))


def test_with_the_mail_server_down_every_request_succeeds_and_each_email_goes_once_it_is_back(
    queue, mail_server, settings
):
    settings.CENTRAL_TEAM_EMAIL = "team@example.org"
    innovation = make_innovation(title="Housing First")
    UserFactory(email="forgetful@example.org")
    innovator = UserFactory(email="ivy@example.org")
    mail_server["up"] = False

    visitor = Client()
    report = visitor.post(
        f"/innovations/{innovation.slug}/report/", {"reason": "wrong", "details": "A typo."}
    )
    signup = visitor.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase"},
    )
    reset = Client().post(reverse("account_reset_password"), {"email": "forgetful@example.org"})
    member = Client()
    member.force_login(innovator)
    story = member.post(
        f"/innovations/{innovation.slug}/adopted/",
        {
            "organisation_name": "Westshire Council",
            "organisation_type": "local_authority",
            "region": "south_west",
            "kind": "as_is",
            "result": "Fewer evictions.",
        },
    )

    assert (report.status_code, signup.status_code, reset.status_code, story.status_code) == (
        200,
        302,
        302,
        200,
    )
    assert ProblemReport.objects.count() == 1 and Adoption.objects.count() == 1
    assert User.objects.filter(email="new@example.org").exists()
    assert mail.outbox == []  # queued, not sent by the requests

    run_worker()  # the server is still down: every email fails and is kept for later
    assert mail.outbox == []
    failures = EmailFailure.objects.all()
    assert failures.count() == 4
    assert all(f.attempts == 1 and f.next_attempt_at and not f.delivered_at for f in failures)
    assert "Connection refused" in failures[0].error

    mail_server["up"] = True
    run_worker()
    assert mail.outbox == []  # the retries wait their turn
    make_retries_due()
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["team@example.org", "new@example.org", "forgetful@example.org", "team@example.org"]
    )
    assert {m.subject for m in mail.outbox} >= {
        "[Public Service Innovation Exchange] Problem reported: Housing First"
    }
    assert all(f.delivered_at and f.next_attempt_at is None for f in EmailFailure.objects.all())

    make_retries_due()
    run_worker()
    assert len(mail.outbox) == 4  # each sent once


def test_an_email_keeps_being_tried_then_is_given_up_and_shown_as_such(queue, mail_server, staff_client):
    mail_server["up"] = False
    send_templated_email(
        template="problem_reported_team",
        to=["team@example.org"],
        context={"report": ProblemReport(innovation=make_innovation(title="Falls"), reason="wrong")},
    )
    for _ in range(len(RETRY_AFTER) + 1):
        run_worker()
        make_retries_due()
    failure = EmailFailure.objects.get()
    assert failure.attempts == len(RETRY_AFTER) + 1
    assert failure.next_attempt_at is None and failure.delivered_at is None
    assert not DBTaskResult.objects.filter(status="READY").exists()  # no more tries
    page = staff_client.get("/admin/core/emailfailure/").content.decode()
    assert "Problem reported: Falls" in page and "Given up" in page


def test_an_email_queued_in_a_change_that_is_rolled_back_is_never_sent(queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_templated_email(
            template="problem_reported_team",
            to=["team@example.org"],
            context={"report": ProblemReport(innovation=make_innovation(title="Falls"), reason="wrong")},
        )
        raise RuntimeError("the change failed")
    run_worker()
    assert mail.outbox == [] and not DBTaskResult.objects.exists()


def test_the_queue_and_its_failures_are_for_the_central_team_only(client):
    member = UserFactory(email="ivy@example.org")
    client.force_login(member)
    for path in ["/admin/core/emailfailure/", "/admin/django_tasks_database/dbtaskresult/"]:
        assert client.get(path).status_code in {302, 403}
    staff = Client()
    staff.force_login(StaffFactory(email="team@example.org"))
    assert staff.get("/admin/core/emailfailure/").status_code == 200
    # The raw queue holds email bodies (reset links): not even the central team browses it.
    assert staff.get("/admin/django_tasks_database/dbtaskresult/").status_code == 404
