"""A crawl of the portal as a visitor and as a signed-in member: every internal link on every page it
reaches answers (no 404, no 5xx), and the icon browsers ask for is there."""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from innovations.alerts import saved_search_create
from tests.factories import UserFactory, load_demo_advice, make_innovation

pytestmark = pytest.mark.django_db

MAX_PAGES = 400
# Links that change something or end the session when followed.
NOT_FOLLOWED = ("/accounts/logout/", "/admin/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"a", "link"} and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag in {"script", "img"} and attrs.get("src"):
            self.hrefs.append(attrs["src"])


def crawl(client) -> dict[str, int]:
    seen, queue, answers = {"/"}, deque(["/"]), {}
    while queue and len(answers) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        answers[path] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            url = urldefrag(urljoin(f"http://testserver{path}", href))[0]
            parts = urlsplit(url)
            if parts.netloc != "testserver" or parts.scheme not in {"http", "https"}:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen and not target.startswith(NOT_FOLLOWED):
                seen.add(target)
                queue.append(target)
    return answers


@pytest.fixture
def portal_with_content(db):
    ivy = UserFactory(email="ivy@example.org")
    published = make_innovation(
        title="Housing hub", policy_areas=["Housing and homelessness"], themes=["evidence"], submitted_by=ivy
    )
    make_innovation(title="Falls visits", stage="grow", policy_areas=["Health"])
    make_innovation(title="Housing draft", status="draft", submitted_by=ivy)
    saved_search_create(user=ivy, name="Housing", query="q=housing", frequency="weekly")
    load_demo_advice()
    return {"ivy": ivy, "published": published}


@pytest.mark.slow
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_no_internal_link_is_broken(client, portal_with_content, signed_in):
    if signed_in:
        client.force_login(portal_with_content["ivy"])
    answers = crawl(client)
    assert len(answers) > 50  # the crawl reached the catalogue, the directory and their pages
    broken = {path: status for path, status in answers.items() if status == 404 or status >= 500}
    assert broken == {}


def test_the_icon_browsers_ask_for_is_there(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("images/favicon.svg")
    assert client.get(response["Location"]).status_code == 200
