import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import StaffFactory, UserFactory, advice_csv, advice_row, ensure_curated_synonyms


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache: start every test with none counted. A process's ready words of
    phrases are read afresh too: each test's writes are rolled back, generations and all (in service
    the generations only grow)."""
    from portal.search import phrases

    cache.clear()
    phrases._ready.words.clear()
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


# --- Permission tables: each app's tests/<app>/test_permissions.py lists every route of its URL
# namespace with what each role gets; these fixtures visit a route as a role and list the routes.

ROLES = ["anonymous", "innovator", "owner", "staff"]


@pytest.fixture
def people(db):
    """Someone for each role: nobody, a signed-in innovator, the owner of the objects a table is about,
    and a member of the central team."""
    return {
        "anonymous": None,
        "innovator": UserFactory(email="other@example.org"),
        "owner": UserFactory(email="owner@example.org"),
        "staff": StaffFactory(email="staff@example.org"),
    }


@pytest.fixture
def visit(people):
    """visit(role, url, method) -> the status code, or "login" for a redirect to the sign-in page."""
    from django.urls import reverse

    def _visit(role: str, url: str, method: str = "get"):
        client = Client()
        if people[role] is not None:
            client.force_login(people[role])
        response = getattr(client, method)(url)
        if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
            return "login"
        return response.status_code

    return _visit


@pytest.fixture
def namespace_routes():
    """namespace_routes(namespace) -> the names of the routes in a URL namespace."""
    from django.urls import URLPattern, get_resolver

    def _routes(namespace: str) -> set[str]:
        _prefix, resolver = get_resolver().namespace_dict[namespace]
        return {
            f"{namespace}:{p.name}" for p in resolver.url_patterns if isinstance(p, URLPattern) and p.name
        }

    return _routes


@pytest.fixture
def curated_synonyms(db):
    ensure_curated_synonyms()
