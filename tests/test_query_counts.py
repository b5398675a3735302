"""Every page and feed that lists things takes a fixed number of queries, however many things it lists.
(The search pages, the innovation page, find help and the saved searches have their own tests.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from innovations.alerts import shortlist_toggle
from tests.factories import OrganisationFactory, UserFactory, make_advice, make_innovation, make_mentor

pytestmark = pytest.mark.django_db


def add_own_innovations(user, n):
    for i in range(n):
        status = ["draft", "submitted", "published", "changes_requested"][i % 4]
        make_innovation(title=f"Own {user.pk}-{i}", status=status, submitted_by=user)


def add_shortlisted(user, n):
    for _ in range(n):
        shortlist_toggle(user=user, innovation=make_innovation(policy_areas=["Health"]))


def add_published(_user, n):
    organisation = OrganisationFactory()
    for _ in range(n):
        make_innovation(
            organisation=organisation,
            adopters=[OrganisationFactory()],
            policy_areas=["Health", "Transport"],
        )


def add_advice(_user, n):
    from portal.advice.models import AdviceSource

    start = AdviceSource.objects.count()
    for i in range(start, start + n):
        make_advice(name=f"Advice {i}", support_types=["evaluation", "funding"], themes=["evidence"])


def add_mentors(_user, n):
    for i in range(n):
        make_mentor(
            themes=["evidence", "skills"], stages=["prove", "grow"], policy_areas=["Health", "Transport"],
            status=["published", "submitted"][i % 2],
        )  # fmt: skip


def add_mentorships(_user, n):
    from mentoring.services import mentor_offer_accept, mentor_request_choose, mentor_request_create

    for _ in range(n):
        mentor = make_mentor(capacity=1)
        request = mentor_request_create(
            requester=UserFactory(), idea="An idea.", stage="prove", themes=["evidence"], region="london",
            formats=["remote"], wants="Help.",
        )  # fmt: skip
        mentor_request_choose(request=request, mentor_ids=[mentor.pk])
        mentor_offer_accept(offer=request.offers.get())


# (url, how to add n more of what it lists, signed in, queries expected). A search page's first statement
# understands the words and reads the generations of the tables behind it (portal.search.cache). Signed
# in, the menu asks whether the person judges a round ("Your judging").
PAGES = [
    ("/innovations/yours/", add_own_innovations, True, 4),
    ("/innovations/shortlist/", add_shortlisted, True, 5),
    ("/innovations/feed/", add_published, False, 7),
    ("/sitemap.xml", add_published, False, 2),
    ("/api/innovations/", add_published, False, 8),
    ("/api/advice/", add_advice, False, 8),
    ("/api/advice/openreferral/", add_advice, False, 3),
    ("/mentors/?q=helped", add_mentors, False, 8),
    ("/mentors/", add_mentors, False, 7),
]


@pytest.mark.parametrize(("url", "add", "signed_in", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_queries_do_not_grow_with_what_is_listed(client, innovator, url, add, signed_in, expected):
    if signed_in:
        client.force_login(innovator)
    counts = []
    for more in (1, 6):
        add(innovator, more)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts == [expected, expected], "\n".join(q["sql"][:120] for q in queries.captured_queries)


def test_the_advice_page_takes_a_fixed_number_of_queries(client, django_assert_num_queries):
    few = make_advice(name="Few", support_types=["evaluation"])
    many = make_advice(name="Many", support_types=["evaluation", "funding", "guidance", "training", "legal"])
    for source in (few, many):
        # the source with its provider, its support types
        with django_assert_num_queries(2):
            assert client.get(source.get_absolute_url()).status_code == 200


ADMIN_LISTS = [
    ("/admin/innovations/innovation/", add_published),
    ("/admin/innovations/innovation/?review=awaiting", add_own_innovations),
    ("/admin/advice/advicesource/", add_advice),
    ("/admin/advice/supporttype/", add_advice),
    ("/admin/innovations/policyarea/", add_published),
    ("/admin/portal/organisation/", add_published),
    ("/admin/mentoring/mentor/", add_mentors),
    ("/admin/mentoring/mentorrequest/", add_mentorships),
    ("/admin/mentoring/mentoroffer/", add_mentorships),
    ("/admin/mentoring/mentorship/", add_mentorships),
    ("/admin/mentoring/mentorship/?attention=yes", add_mentorships),
]


@pytest.mark.parametrize(("url", "add"), ADMIN_LISTS, ids=[u for u, _ in ADMIN_LISTS])
def test_admin_lists_do_not_grow_with_what_is_listed(staff_client, innovator, url, add):
    staff_client.get(url)  # a central-team session's first request stores its expiry (accounts/staff.py)
    counts = []
    for more in (1, 6):
        add(innovator, more)
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], "\n".join(q["sql"][:120] for q in queries.captured_queries)


def test_a_mentors_profile_takes_a_fixed_number_of_queries(client, django_assert_num_queries):
    few = make_mentor(policy_areas=["Health"])
    many = make_mentor(policy_areas=["Health", "Transport", "Public finance", "Digital and data"])
    for mentor in (few, many):
        # the mentor with their account, organisation and who brought them in; their policy areas
        with django_assert_num_queries(2):
            assert client.get(mentor.get_absolute_url()).status_code == 200


def test_the_award_pages_take_a_fixed_number_of_queries(client):
    from awards.demo_content import load_demo_awards
    from awards.models import Category, Criterion

    round_ = load_demo_awards()
    counts = []
    for extra in (0, 4):
        for n in range(extra):
            Category.objects.create(round=round_, name=f"Extra category {n}")
            Criterion.objects.create(
                round=round_,
                name=f"Extra criterion {n}",
                description="x",
                **{f"score_{s}": "x" for s in range(1, 6)},
            )
        row = []
        for path in ["/awards/", round_.get_absolute_url()]:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            row.append(len(queries))
        counts.append(row)
    assert counts[0] == counts[1]


def add_nominations(_user, n):
    from awards.demo_content import load_demo_awards
    from awards.services import nomination_save_nominees, nomination_start

    round_ = load_demo_awards()
    for i in range(n):
        nomination = nomination_start(round_=round_, user=UserFactory())
        nomination_save_nominees(
            nomination=nomination, user=nomination.nominator, category=round_.categories.last(), kind="team",
            team_name=f"Team {i}", people=[
                {"name": f"P{i}-{k}", "role": "Lead", "organisation_name": f"Org {k}", "organisation_type": "nhs",
                 "email": f"p{i}-{k}@example.org"}
                for k in range(3)
            ],
        )  # fmt: skip


def test_the_awards_admin_list_does_not_grow_with_nominations(staff_client, innovator):
    staff_client.get("/admin/awards/nomination/")
    counts = []
    for more in (1, 5):
        add_nominations(innovator, more)
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get("/admin/awards/nomination/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_nomination_pages_take_a_fixed_number_of_queries(client):
    from awards.demo_content import load_demo_awards
    from awards.models import Criterion
    from awards.services import nomination_save_nominees, nomination_start, statement_save

    round_ = load_demo_awards()
    user = UserFactory()
    client.force_login(user)
    counts = []
    for extra in (0, 3):
        for n in range(extra):
            Criterion.objects.create(
                round=round_, name=f"Extra {n}", description="x", **{f"score_{s}": "x" for s in range(1, 6)}
            )
        nomination = nomination_start(round_=round_, user=user)
        nomination_save_nominees(
            nomination=nomination, user=user, category=round_.categories.last(), kind="team", team_name="T",
            people=[{"name": f"P{k}", "role": "", "organisation_name": f"Org {k}", "organisation_type": "nhs",
                     "email": f"p{k}@example.org"} for k in range(1 + extra)],
        )  # fmt: skip
        for criterion in round_.criteria.all():
            statement_save(
                nomination=nomination, criterion=criterion, situation="a", task="b", action="c", result="d"
            )
        row = []
        for path in [
            f"/awards/nominations/{nomination.pk}/", f"/awards/nominations/{nomination.pk}/check/",
            f"/awards/nominations/{nomination.pk}/nominee/", "/awards/nominations/", round_.get_absolute_url() + "nominate/",
        ]:  # fmt: skip
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200, path
            row.append(len(queries))
        counts.append(row)
    assert counts[0] == counts[1]


def test_the_judging_pages_take_a_fixed_number_of_queries(client):
    from datetime import timedelta

    from django.utils import timezone

    from awards.demo_content import load_demo_awards
    from awards.judging import assignment_add, scores_save
    from awards.models import Assignment, Judge
    from awards.services import (
        nomination_save,
        nomination_save_nominees,
        nomination_start,
        nomination_submit,
        statement_save,
    )

    round_ = load_demo_awards()
    judge = UserFactory(organisation=OrganisationFactory())
    others = [UserFactory(organisation=OrganisationFactory()) for _ in range(3)]
    for user in [judge, *others]:
        Judge.objects.create(round=round_, user=user)
    client.force_login(judge)

    def nominate(n):
        nominator = UserFactory(organisation=OrganisationFactory())
        nomination = nomination_start(round_=round_, user=nominator)
        nomination_save_nominees(
            nomination=nomination, user=nominator, category=round_.categories.last(), kind="team", team_name=f"T{n}",
            people=[{"name": f"P{n}-{k}", "role": "", "organisation_name": f"Org {n}-{k}", "organisation_type": "nhs",
                     "email": f"p{n}-{k}@example.org"} for k in range(2)],
        )  # fmt: skip
        nomination_save(nomination=nomination, summary="s", relationship="r")
        for criterion in round_.criteria.all():
            statement_save(
                nomination=nomination, criterion=criterion, situation="s", task="t", action="a", result="r"
            )
        return nomination_submit(nomination=nomination)

    batches = [[nominate(n) for n in range(1)], [nominate(n) for n in range(1, 5)]]
    now = timezone.now()
    round_.opens_at, round_.closes_at = now - timedelta(days=9), now - timedelta(days=1)
    round_.judging_ends_at, round_.announce_at = now + timedelta(days=5), now + timedelta(days=9)
    round_.save()
    counts = []
    for n, batch in enumerate(batches):
        for nomination in batch:
            mine = assignment_add(nomination=nomination, judge=judge)
            for other in others[: n * 3 + 1]:
                theirs = assignment_add(nomination=nomination, judge=other)
                scores_save(
                    assignment=Assignment.objects.get(pk=theirs.pk),
                    scores={c.pk: (3, "x") for c in round_.criteria.all()},
                )
            scores_save(
                assignment=Assignment.objects.get(pk=mine.pk),
                scores={c.pk: (4, "y") for c in round_.criteria.all()},
            )
        row = []
        for path in [
            "/awards/judging/",
            "/awards/judging/?scored=no",
            f"/awards/judging/{mine.pk}/",
            f"/awards/judging/{mine.pk}/conflict/",
        ]:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200, path
            row.append(len(queries))
        counts.append(row)
    assert counts[0] == counts[1]


def test_the_champions_pages_take_a_fixed_number_of_queries(client):
    """The champions directory (and its search), the round's results and a champion's invitation page:
    the same number of queries for one champion as for six teams of three."""
    from datetime import timedelta

    from django.core.cache import cache
    from django.utils import timezone

    from awards.demo_content import load_demo_awards
    from awards.models import Nominee
    from awards.publishing import invitation_token
    from tests.factories import announce_results, make_innovation, submit_nomination

    def champions(n):
        round_ = load_demo_awards()
        now = timezone.now()  # open again for more nominations (decided ones stay decided)
        round_.opens_at, round_.closes_at = now - timedelta(days=1), now + timedelta(days=1)
        round_.judging_ends_at, round_.announce_at = now + timedelta(days=2), now + timedelta(days=3)
        round_.save()
        nominations = [
            submit_nomination(round_, nominee_org=f"Org {i}", name=f"Person {i}") for i in range(n)
        ]
        for i, nomination in enumerate(nominations):
            nomination.innovation = make_innovation(title=f"Scaled {i}", themes=["evidence"])
            nomination.save(update_fields=["innovation"])
            organisation = nomination.nominees.get().organisation
            for k in range(2):  # a team of three
                nomination.nominees.create(name=f"Member {i}-{k}", organisation=organisation,
                                           email=f"m{n}-{i}-{k}@example.org", order=k + 1)  # fmt: skip
        announce_results(round_, dict.fromkeys(nominations, ("winner", "For spreading it.")))
        return round_

    counts = []
    for n in (1, 5):
        round_ = champions(n)
        nominee = Nominee.objects.filter(nomination__round=round_).first()
        row = []
        for path in [
            "/awards/champions/", "/awards/champions/?q=spreading&award=winner", round_.get_absolute_url(),
            f"/awards/champions/join/{invitation_token(nominee)}/", "/search/?q=spreading",
        ]:  # fmt: skip
            cache.clear()  # what the page costs to compute (a catalogue not written since is cached)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            row.append(len(queries))
        counts.append(row)
    assert counts[0] == counts[1]
