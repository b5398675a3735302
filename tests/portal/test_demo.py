import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from portal.advice.models import AdviceSource
from portal.models import Organisation, User


@pytest.mark.django_db
def test_demo_content_loads_once_however_often_it_runs(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    counts = (Organisation.objects.count(), User.objects.count(), EmailAddress.objects.count())
    call_command("load_demo")
    assert (Organisation.objects.count(), User.objects.count(), EmailAddress.objects.count()) == counts
    # One account per role, the twelve mentors of the demo pool (the demo mentor is one of the pool) and
    # the two judges beside the demo judge on the award's panel.
    assert counts[1] == 4 + 12 + 2
    assert AdviceSource.objects.count() >= 20
    from mentoring.models import Mentor

    assert Mentor.objects.approved().count() == 13
    marcus = Mentor.objects.get(user__email="mentor@example.org")
    assert marcus.user.check_password("demo-password-2026")
    # The demo mentor has a request to answer from the demo innovator and a mentorship under way.
    assert [o.request.requester.email for o in marcus.offers.filter(status="pending")] == [
        "innovator@example.org"
    ]
    assert marcus.mentorships.get().goals.count() == 2 and marcus.active_mentees == 1
    # The demo judge is appointed to both rounds and has scored last year's nominations.
    from awards.models import Assignment, Judge

    assert Judge.objects.filter(user__email="judge@example.org").count() == 2
    scored = Assignment.objects.filter(judge__email="judge@example.org")
    assert scored.count() == 4 and all(a.scores.count() == 4 for a in scored)
    # Their nominations have a statement on each criterion, as a nominator would have written.
    assert all(
        a.nomination.statements.count() == 4 and all(s.is_complete() for s in a.nomination.statements.all())
        for a in scored
    )
    output = capsys.readouterr().out
    for email in ["innovator@example.org", "mentor@example.org", "judge@example.org", "staff@example.org"]:
        assert email in output
    staff = User.objects.get(email="staff@example.org")
    assert staff.is_staff and staff.check_password("demo-password-2026")
    assert EmailAddress.objects.get(email="innovator@example.org").verified
    assert {o.organisation_type for o in Organisation.objects.all()} >= {
        "local_authority",
        "nhs",
        "third_sector",
    }


@pytest.mark.django_db
def test_demo_content_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("load_demo")
    assert not User.objects.exists()


def test_screenshots_need_debug_and_the_demo_content(settings, db):
    from django.core.management import CommandError, call_command

    settings.DEBUG = False
    with pytest.raises(CommandError, match="with DEBUG=true"):
        call_command("screenshots")
    settings.DEBUG = True
    with pytest.raises(CommandError, match="make demo"):
        call_command("screenshots")
