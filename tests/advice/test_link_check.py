"""check_advice_links against pages served on this machine: nothing leaves it."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from tests.factories import make_advice

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)

    def _answer(self, body):
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.end_headers()
        elif self.path == "/ok":
            self.send_response(200)
            self.end_headers()
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
            self.end_headers()
        elif self.path == "/no-head":
            self.send_response(200)
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def source(name, url):
    return make_advice(name=name, url=url)


def test_links_are_checked_with_redirects_followed_and_broken_ones_flagged(server, client, capsys):
    ok = source("Moved", f"{server}/moved")
    head = source("No head", f"{server}/no-head")
    gone = source("Gone", f"{server}/gone")
    closed = source("Closed port", "http://127.0.0.1:9/")
    call_command("check_advice_links", "--timeout", "3", "--concurrency", "2")
    assert "Checked 4 web addresses: 2 may be broken." in capsys.readouterr().out
    for item in (ok, head, gone, closed):
        item.refresh_from_db()
        assert item.link_checked_at is not None
    assert (ok.link_ok, head.link_ok, gone.link_ok, closed.link_ok) == (True, True, False, False)
    assert gone.link_problem == "HTTP 404"
    assert closed.link_problem.startswith("Could not connect")
    assert "This link may be out of date" in client.get(gone.get_absolute_url()).content.decode()
    assert "This link may be out of date" not in client.get(ok.get_absolute_url()).content.decode()
