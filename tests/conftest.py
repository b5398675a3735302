import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import StaffFactory, UserFactory, advice_csv, advice_row


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache: start every test with none counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def innovator(db):
    return UserFactory(full_name="Ivy Innovator")


@pytest.fixture
def staff(db):
    return StaffFactory(full_name="Sam Staff")


@pytest.fixture
def innovator_client(client, innovator):
    client.force_login(innovator)
    return client


@pytest.fixture
def staff_client(staff):
    # A client of its own, so a test can use it beside innovator_client.
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def directory(db):
    """Two sources of advice, imported: a free UK-wide evaluation network and paid procurement help in Wales."""
    from portal.advice.services import import_advice

    plan, saved = import_advice(
        advice_csv(
            advice_row(),
            advice_row(
                name="Procurement help",
                support_types="commissioning",
                description="Buying services well.",
                regions="wales",
                fees="paid",
            ),
        )
    )
    assert plan.is_valid
    return saved
