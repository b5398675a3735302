"""Rate limits behind the load balancer count each client's own address, read from X-Forwarded-For
as far from the right as there are proxies we run (TRUSTED_PROXY_COUNT)."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from innovations.models import ProblemReport
from tests.factories import PASSWORD, UserFactory, make_innovation

pytestmark = pytest.mark.django_db

BALANCER = "10.0.0.5"
CDN = "192.0.2.10"
ALICE, BOB = "203.0.113.7", "198.51.100.2"


def behind(proxies: int):
    return override_settings(TRUSTED_PROXY_COUNT=proxies, ALLAUTH_TRUSTED_PROXY_COUNT=proxies)


def chain(client_address: str, proxies: int, forged: str = "") -> str:
    """X-Forwarded-For as it reaches the portal: what the client sent, then one entry per proxy before
    the last (the last proxy is REMOTE_ADDR)."""
    parts = [forged] if forged else []
    parts.append(client_address)
    if proxies == 2:
        parts.append(CDN)
    return ", ".join(parts)


def report(client, innovation, address, proxies, forged=""):
    return client.post(
        f"/innovations/{innovation.slug}/report/",
        {"reason": "wrong", "details": "A typo."},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR=chain(address, proxies, forged),
    )


@pytest.mark.parametrize("proxies", [1, 2])
def test_problem_reports_are_limited_per_visitor_not_per_proxy(client, proxies):
    innovation = make_innovation()
    with behind(proxies):
        for _ in range(10):
            assert report(client, innovation, ALICE, proxies).status_code == 200
        assert report(client, innovation, ALICE, proxies).status_code == 429
        # Forging an address to the left does not give Alice a fresh allowance...
        assert report(client, innovation, ALICE, proxies, forged="198.51.100.99").status_code == 429
        # ...and Bob, behind the same proxies, is not held back by her.
        assert report(client, innovation, BOB, proxies).status_code == 200
    assert ProblemReport.objects.count() == 11


@pytest.mark.parametrize("proxies", [1, 2])
def test_failed_sign_ins_from_one_visitor_do_not_lock_out_everyone(proxies):
    UserFactory(email="bob@example.org")
    with behind(proxies):
        alice = Client(REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=chain(ALICE, proxies))
        for n in range(10):
            alice.post(reverse("account_login"), {"login": f"guess{n}@example.org", "password": "wrong-1"})
        refused = alice.post(reverse("account_login"), {"login": "guess@example.org", "password": "wrong-1"})
        assert "Too many failed login attempts" in refused.content.decode()

        bob = Client(REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=chain(BOB, proxies))
        bob.post(reverse("account_login"), {"login": "bob@example.org", "password": PASSWORD})
        assert "_auth_user_id" in bob.session


def test_without_proxies_the_connecting_address_counts_and_the_header_is_ignored(client):
    innovation = make_innovation()
    for n in range(10):
        response = client.post(
            f"/innovations/{innovation.slug}/report/",
            {"reason": "wrong"},
            REMOTE_ADDR=ALICE,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
        assert response.status_code == 200
    response = client.post(
        f"/innovations/{innovation.slug}/report/",
        {"reason": "wrong"},
        REMOTE_ADDR=ALICE,
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert response.status_code == 429


def test_a_request_that_skipped_a_proxy_is_refused(client):
    with behind(2):
        response = client.get("/innovations/", REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=ALICE)
    assert response.status_code == 400
