"""The fresh-machine path: with DATABASE_URL unset the portal starts its own PostgreSQL, migrates and
serves, even when the rest of the suite runs against another server."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_embedded_postgresql_starts_migrates_and_serves(tmp_path):
    script = (
        "import django; django.setup();"
        "from django.core.management import call_command;"
        "call_command('migrate', verbosity=0);"
        "from django.db import connection;"
        "print('server', connection.settings_dict['HOST']);"
        "from django.test import Client;"
        "r = Client().get('/healthz'); print('healthz', r.status_code);"
        "r = Client().get('/'); print('home', r.status_code, b'Find innovations' in r.content)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "ALLOWED_HOSTS": "testserver",
            "EMBEDDED_DB_DIR": str(tmp_path / "pgdata"),
            "EMBEDDED_DB_STOP_ON_EXIT": "true",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert (tmp_path / "pgdata" / "PG_VERSION").exists()
    assert "healthz 200" in lines
    assert "home 200 True" in lines
