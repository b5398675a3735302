import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import StaffFactory, UserFactory


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
