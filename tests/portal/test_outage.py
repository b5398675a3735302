"""While the database cannot be reached, every page answers the GOV.UK "service unavailable" page
with 503 and Retry-After (the API in JSON), as /healthz does; when it is back, so is the portal.
Tested by stopping the embedded PostgreSQL under a running portal."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.test import RequestFactory
from pgserver.postgres_server import PostgresServer, pg_ctl

call_command("migrate", verbosity=0)
portal = WSGIHandler()  # as a WSGI server calls it: connections are checked between requests


def get(path):
    environ = RequestFactory().get(path, secure=True).environ
    answer = {}
    response = portal(environ, lambda status, headers: answer.update(status=status, headers=dict(headers)))
    body = b"".join(response)
    response.close()
    return int(answer["status"][:3]), answer["headers"], body


print("before", get("/innovations/")[0])
[server] = PostgresServer._instances.values()
pg_ctl(["-w", "stop", "-m", "fast"], pgdata=server.pgdata, user=server.system_user)
for path in ["/innovations/", "/innovations/feed/", "/advice/", "/search/?q=housing", "/api/innovations/", "/healthz"]:
    status, headers, body = get(path)
    print("down", path, status, headers.get("Retry-After"), headers["Content-Type"].split(";")[0],
          b"Sorry, the service is unavailable" in body)
server.ensure_postgres_running()
print("after", get("/innovations/")[0], get("/healthz")[0])
"""


@pytest.mark.slow
def test_pages_answer_service_unavailable_while_the_database_is_down_and_recover(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DEBUG": "false",  # the pages people see in production, not Django's debug page
            "SECRET_KEY": "outage-test-key-that-is-long-enough-for-the-deployment-checks-0123456789",
            "ALLOWED_HOSTS": "testserver",
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
            "EMBEDDED_DB_DIR": str(tmp_path / "pgdata"),
            "EMBEDDED_DB_STOP_ON_EXIT": "true",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "before 200" in lines
    down = [line.split() for line in lines if line.startswith("down")]
    assert len(down) == 6
    for _, path, status, retry_after, content_type, unavailable_page in down:
        assert status == "503", path
        if path == "/healthz":
            continue
        assert retry_after == "30", path
        if path.startswith("/api/"):
            assert content_type == "application/json", path
        else:
            assert (content_type, unavailable_page) == ("text/html", "True"), path
    assert "after 200 200" in lines
