"""Every page of the portal, signed out and signed in, in a real browser with axe-core: one heading and no
WCAG 2.2 AA violations. The route check below fails when a page is added without being swept here, or
listed as not an HTML page with the reason."""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from awards.demo_content import load_demo_awards
from awards.judging import assignment_add
from awards.publishing import invitation_token
from awards.services import nomination_start
from tests.factories import (
    PASSWORD,
    UserFactory,
    champion_of_last_year,
    load_demo_advice,
    make_innovation,
    make_mentor,
    policy_area,
    submit_nomination,
)

# Routes that are not HTML pages for people, with why; every other route is swept below.
NOT_PAGES = {
    "healthz": "a health check for load balancers (plain text)",
    "innovations:feed": "an Atom feed (XML)",
    "sitemap": "a sitemap (XML)",
    "favicon": "a redirect to the portal's icon",
    "innovations:saved_open": "marks the search seen and redirects to the search page (swept)",
    "innovations:star": "a POST from the star button on the innovation page (swept)",
    "account_confirm_login_code": "sign-in by emailed code is turned off",
    "mfa_authenticate": "the code step of signing in (swept in test_two_factor.py)",
    "mentoring:offer_sent": "the confirmation after sending an offer (swept in test_mentoring.py)",
    "mentoring:goal_create": "a POST from the mentorship page (swept)",
    "mentoring:goal_toggle": "a POST from the mentorship page (swept)",
    "mentoring:note_create": "a POST from the mentorship page (swept)",
    "mentoring:invite": "a POST from the mentorship page (swept)",
    "mentoring:calendar": "the next session as an iCalendar file",
    "awards:submitted": "the confirmation after submitting a nomination (swept in test_awards.py)",
    "mfa_download_recovery_codes": "recovery codes as a text file",
    "mfa_reauthenticate_webauthn": "needs a security key, which the headless browser cannot create",
    "mfa_edit_webauthn": "needs a security key, which the headless browser cannot create",
    "mfa_remove_webauthn": "needs a security key, which the headless browser cannot create",
}
SKIPPED_NAMESPACES = {
    "admin": "Django's own admin, for the central team; its pages are Django's",
    "api": "JSON for machines; its documentation page (api_docs) is swept",
}


def route_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            )
            yield from route_names(pattern, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


SIGNED_OUT = {
    "portal:home": "/",
    "portal:accessibility": "/accessibility/",
    "portal:cookies": "/cookies/",
    "portal:privacy": "/privacy/",
    "advice:index": "/advice/?q=evidence&support_type=evaluation&fees=free",
    "advice:detail": "{advice}",
    "portal:search": "/search/?q=housing",
    "advice:find_help": "/find-help/",
    "advice:find_help_question": "/find-help/need/?stage=prove&continue=1",
    "advice:find_help_results": "/find-help/results/?stage=prove&need=evaluation&audience=nhs&where=london",
    "innovations:index": "/innovations/?q=housing&stage=grow",
    "innovations:detail": "{innovation}",
    "innovations:report_problem": "{innovation}report/",
    "innovations:unsubscribe": "/innovations/saved/unsubscribe/{token}/",
    "api_docs": "/api/docs/",
    "mentoring:index": "/mentoring/",
    "mentors:index": "/mentors/?q=housing&theme=evidence",
    "mentors:detail": "{mentor}",
    "mentoring:employer_support": "/mentoring/support/{support_token}/",
    "awards:index": "/awards/",
    "awards:round": "{round}",
    "awards:champions": "/awards/champions/?theme=evidence",
    "awards:champion_join": "/awards/champions/join/{champion_token}/",
    "account_login": "/accounts/login/",
    "account_signup": "/accounts/signup/",
    "account_reset_password": "/accounts/password/reset/",
    "account_reset_password_done": "/accounts/password/reset/done/",
    "account_reset_password_from_key": "/accounts/password/reset/key/{reset_key}/",
    "account_reset_password_from_key_done": "/accounts/password/reset/key/done/",
    "account_email_verification_sent": "/accounts/confirm-email/",
    "account_confirm_email": "/accounts/confirm-email/{confirm_key}/",
    "account_inactive": "/accounts/inactive/",
}
SIGNED_IN = {
    "portal:account": "/account/",
    "innovations:share": "/innovations/share/",
    "innovations:share_about": "/innovations/share/about/",
    "innovations:yours": "/innovations/yours/",
    "innovations:task_list": "/innovations/yours/{draft}/",
    "innovations:section": "/innovations/yours/{draft}/results/",
    "innovations:check": "/innovations/yours/{draft}/check/",
    "innovations:preview": "/innovations/yours/{draft}/preview/",
    "innovations:submitted": "/innovations/yours/{submitted}/submitted/",
    "innovations:adoption_story": "{innovation}adopted/",
    "innovations:saved": "/innovations/saved/",
    "innovations:saved_new": "/innovations/saved/new/?q=housing&stage=grow",
    "innovations:saved_delete": "/innovations/saved/{saved}/delete/",
    "innovations:saved_edit": "/innovations/saved/{saved}/edit/",
    "innovations:shortlist": "/innovations/shortlist/",
    "awards:nominate": "{round}nominate/",
    "awards:queue": "/awards/judging/",
    "awards:judge": "/awards/judging/{assignment}/",
    "awards:conflict": "/awards/judging/{assignment}/conflict/",
    "awards:yours": "/awards/nominations/",
    "awards:nomination": "/awards/nominations/{nomination}/",
    "awards:section": "/awards/nominations/{nomination}/nominee/",
    "awards:section (the team's members)": "/awards/nominations/{team_nomination}/people/",
    "awards:section (a statement)": "/awards/nominations/{nomination}/{statement}/",
    "awards:check": "/awards/nominations/{nomination}/check/",
    "awards:withdraw": "/awards/nominations/{nomination}/withdraw/",
    "mentoring:offer": "/mentoring/offer/",
    "mentoring:availability": "/mentoring/availability/",
    "mentoring:ask": "/mentoring/ask/",
    "mentoring:request_choose": "/mentoring/requests/{choosing}/choose/",
    "mentoring:request_detail": "/mentoring/requests/{waiting}/",
    "mentoring:request_withdraw": "/mentoring/requests/{waiting}/withdraw/",
    "mentoring:offer_answer": "/mentoring/offers/{offer}/",
    "mentoring:mentorship": "/mentoring/mentorships/{mentorship}/",
    "mentoring:session_create": "/mentoring/mentorships/{mentorship}/sessions/new/",
    "mentoring:next_session": "/mentoring/mentorships/{mentorship}/next-session/",
    "mentoring:assessment": "/mentoring/mentorships/{mentorship}/assessment/",
    "mentoring:feedback": "/mentoring/mentorships/{mentorship}/feedback/first_session/",
    "mentoring:employer_ask": "/mentoring/mentorships/{mentorship}/employer/",
    "mentoring:end": "/mentoring/mentorships/{mentorship}/end/",
    "account_email": "/accounts/email/",
    "account_change_password": "/accounts/password/change/",
    "account_set_password": "/accounts/password/set/",
    "account_reauthenticate": "/accounts/reauthenticate/",
    "account_logout": "/accounts/logout/",
}
# The central team's own pages outside the admin, swept as a member with an authenticator app.
CENTRAL_TEAM = {
    "mentoring:matching": "/mentoring/matching/",
    "mentoring:report": "/mentoring/report/",
    "awards:leaderboard": "{round}leaderboard/",
    "awards:decide": "{round}leaderboard/{submitted_nomination}/",
}
# Two-factor pages, swept as a central-team member with an authenticator app, after entering their
# password again (allauth asks for it before any change to how someone signs in).
TWO_FACTOR = {
    "mfa_index": "/accounts/2fa/",
    "mfa_generate_recovery_codes": "/accounts/2fa/recovery-codes/generate/",
    "mfa_view_recovery_codes": "/accounts/2fa/recovery-codes/",
    "mfa_list_webauthn": "/accounts/2fa/webauthn/",
    "mfa_add_webauthn": "/accounts/2fa/webauthn/add/",
    "mfa_deactivate_totp": "/accounts/2fa/totp/deactivate/",
    "mfa_reauthenticate": "/accounts/2fa/reauthenticate/",
    "mfa_activate_totp": "/accounts/2fa/totp/activate/",
}


def test_every_route_is_swept_or_named_as_not_a_page(db):
    names = {n for n in route_names() if n.split(":")[0] not in SKIPPED_NAMESPACES}
    # A route swept on more than one page is listed again as "name (which page)".
    covered = {
        name.split(" (")[0]
        for name in set(SIGNED_OUT) | set(SIGNED_IN) | set(CENTRAL_TEAM) | set(TWO_FACTOR) | set(NOT_PAGES)
    }
    assert names - covered == set(), "add these routes to the sweep"
    assert covered - names == set(), "these routes no longer exist"


@pytest.fixture
def places(transactional_db):
    from allauth.account.forms import default_token_generator
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from allauth.account.utils import user_pk_to_url_str

    from innovations.alerts import saved_search_create, shortlist_toggle, unsubscribe_token

    ivy = UserFactory(email="ivy@example.org", full_name="Ivy Innovator")
    policy_area("Housing and homelessness")
    published = make_innovation(
        title="Housing hub",
        summary="Homes for people leaving hospital.",
        stage="grow",
        themes=["evidence"],
        policy_areas=["Housing and homelessness"],
        submitted_by=ivy,
    )
    draft = make_innovation(title="Housing draft", status="draft", submitted_by=ivy)
    submitted = make_innovation(title="Housing submitted", status="submitted", submitted_by=ivy)
    saved = saved_search_create(user=ivy, name="Housing", query="q=housing", frequency="weekly")
    shortlist_toggle(user=ivy, innovation=published)
    sources = load_demo_advice()
    mentor = make_mentor(user=ivy, themes=["evidence"], bio="Helped three councils with housing.")
    mentoring = mentoring_places(ivy, mentor)
    newcomer = UserFactory(email="new@example.org")
    address = EmailAddress.objects.get(user=newcomer)
    address.verified = False
    address.save()
    values = {
        "innovation": published.get_absolute_url(),
        "draft": draft.pk,
        "submitted": submitted.pk,
        "saved": saved.pk,
        "token": unsubscribe_token(saved),
        "advice": sources[0].get_absolute_url(),
        "mentor": mentor.get_absolute_url(),
        "round": (round_ := load_demo_awards()).get_absolute_url(),
        "nomination": nomination_start(round_=round_, user=ivy).pk,
        "assignment": assignment_add(nomination=nomination_start(round_=round_, user=newcomer), judge=ivy).pk,
        "team_nomination": team_nomination(round_, ivy).pk,
        "statement": f"statement-{round_.criteria.first().pk}",
        "submitted_nomination": scored(submit_nomination(round_, nominee_org="Westshire County Council")).pk,
        "champion_token": invitation_token(champion_of_last_year(round_, innovation=published)),
        **mentoring,
        "reset_key": f"{user_pk_to_url_str(newcomer)}-{default_token_generator.make_token(newcomer)}",
        "confirm_key": EmailConfirmationHMAC(address).key,
    }
    return values


def team_nomination(round_, user):
    from awards.services import nomination_save_category

    nomination = nomination_start(round_=round_, user=user)
    return nomination_save_category(
        nomination=nomination, category=round_.categories.last(), kind="team", team_name="Safe and Well"
    )


def scored(nomination):
    """Two judges' scores and comments on the nomination, for the central team's decision page."""
    from awards.models import Assignment, Score

    for name, value in [("Jo Judge", 4), ("Kit Judge", 2)]:
        assignment = Assignment.objects.create(nomination=nomination, judge=UserFactory(full_name=name))
        for criterion in nomination.round.criteria.all():
            Score.objects.create(
                assignment=assignment, criterion=criterion, score=value, comment="Well argued."
            )
    return nomination


def mentoring_places(ivy, mentor) -> dict:
    """Ivy asks for a mentor twice (one request still choosing, one waiting for an answer), is asked to
    mentor someone, and mentors someone else."""
    from mentoring.services import (
        assessment_record,
        employer_support_ask,
        goal_add,
        mentor_offer_accept,
        mentor_request_choose,
        mentor_request_create,
        note_add,
        session_record,
        support_token,
    )

    other = make_mentor(
        user=UserFactory(full_name="Olu Other", job_title="Head of service"), themes=["evidence"]
    )
    ask = {
        "idea": "A housing hub for people leaving hospital.", "stage": "prove", "themes": ["evidence"],
        "region": "london", "formats": ["remote"], "wants": "A business case.",
    }  # fmt: skip
    choosing = mentor_request_create(requester=ivy, **ask)
    waiting = mentor_request_create(requester=ivy, **ask)
    mentor_request_choose(request=waiting, mentor_ids=[other.pk])
    to_ivy = mentor_request_create(requester=UserFactory(full_name="Asha Asker"), **ask)
    mentor_request_choose(request=to_ivy, mentor_ids=[mentor.pk])
    accepted = mentor_request_create(requester=UserFactory(full_name="Mo Mentee"), **ask)
    mentor_request_choose(request=accepted, mentor_ids=[mentor.pk])
    mentorship = mentor_offer_accept(offer=accepted.offers.get())
    goal_add(mentorship=mentorship, user=ivy, text="A business case the board approves")
    session_record(mentorship=mentorship, user=ivy, held_on=date.today(), summary="Mapped the partners.")
    assessment_record(
        mentorship=mentorship, user=ivy, standings={"evidence": {"standing": "blocker", "note": "No data."}},
        support_agreed="Find an evaluator.",
    )  # fmt: skip
    note_add(mentorship=mentorship, user=ivy, text="A private thought.")
    support = employer_support_ask(
        mentorship=mentorship, user=ivy, manager_name="Pat", manager_email="pat@example.org"
    )
    return {
        "support_token": support_token(support),
        "choosing": choosing.pk,
        "waiting": waiting.pk,
        "offer": to_ivy.offers.get().pk,
        "mentorship": mentorship.pk,
    }


def sweep(page, base_url, routes, values, axe):
    for name, path in routes.items():
        page.goto(base_url + path.format(**values))
        assert page.locator("h1").count() == 1, f"{name}: {page.url}"
        axe(page)


def no_axe(page):  # axe-core runs as JavaScript; with it off the pages are checked for their heading only
    return None


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_every_page_signed_out(page, nojs_page, live_server, axe, places, javascript):
    sweep(
        page if javascript else nojs_page, live_server.url, SIGNED_OUT, places, axe if javascript else no_axe
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_every_page_signed_in(page, nojs_page, live_server, axe, places, javascript, sign_in):
    chosen = page if javascript else nojs_page
    sign_in(chosen, live_server.url, "ivy@example.org", PASSWORD)
    # The sign-out page is last: it asks to confirm, and signing out would end the sweep.
    sweep(chosen, live_server.url, SIGNED_IN, places, axe if javascript else no_axe)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_every_two_factor_page(page, nojs_page, live_server, axe, sign_in, transactional_db, javascript):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    from tests.factories import StaffFactory

    chosen = page if javascript else nojs_page
    RecoveryCodes.activate(StaffFactory(email="sam@example.org"))
    sign_in(chosen, live_server.url, "sam@example.org", PASSWORD)
    chosen.goto(f"{live_server.url}/accounts/reauthenticate/?next=/accounts/2fa/")
    chosen.get_by_label("Password").fill(PASSWORD)
    chosen.get_by_role("button", name="Continue").click()
    chosen.wait_for_url(f"{live_server.url}/accounts/2fa/")
    sweep(chosen, live_server.url, TWO_FACTOR, {}, axe if javascript else no_axe)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_every_central_team_page(page, nojs_page, live_server, axe, places, sign_in, javascript):
    from mentoring.services import mentor_request_create
    from tests.factories import StaffFactory

    # An open request for batch matching to propose a mentor for.
    mentor_request_create(
        requester=UserFactory(full_name="Bea Batch"), idea="A hub.", stage="prove", themes=["evidence"],
        region="london", formats=["remote"], wants="Help.",
    )  # fmt: skip
    chosen = page if javascript else nojs_page
    StaffFactory(email="sam@example.org")
    sign_in(chosen, live_server.url, "sam@example.org", PASSWORD)
    sweep(chosen, live_server.url, CENTRAL_TEAM, places, axe if javascript else no_axe)
