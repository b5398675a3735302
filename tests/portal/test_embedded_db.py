"""The fresh-machine path: with DATABASE_URL unset the portal starts its own PostgreSQL, migrates and
serves, even when the rest of the suite runs against another server."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portal.embedded_db import HANDLE_LIST, repair_handle_list

ROOT = Path(__file__).resolve().parents[2]
START_MIGRATE_SERVE = (
    "import django; django.setup();"
    "from django.core.management import call_command;"
    "call_command('migrate', verbosity=0);"
    "from django.db import connection;"
    "print('server', connection.settings_dict['HOST']);"
    "from django.test import Client;"
    "r = Client().get('/healthz'); print('healthz', r.status_code);"
    "r = Client().get('/'); print('home', r.status_code, b'Find innovations' in r.content)"
)


def _environment(data_dir, stop_on_exit=True):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "ALLOWED_HOSTS": "testserver",
            "EMBEDDED_DB_DIR": str(data_dir),
            "EMBEDDED_DB_STOP_ON_EXIT": "true" if stop_on_exit else "false",
        }
    )
    return env


def _start_migrate_serve(data_dir):
    return subprocess.run(
        [sys.executable, "-c", START_MIGRATE_SERVE],
        cwd=ROOT,
        env=_environment(data_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_embedded_postgresql_starts_migrates_and_serves(tmp_path):
    result = _start_migrate_serve(tmp_path / "pgdata")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert (tmp_path / "pgdata" / "PG_VERSION").exists()
    assert "healthz 200" in lines
    assert "home 200 True" in lines


def _a_dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.parametrize("left", ["", "[12", "{}", "null", '["x"]', "\x00\x00"])
def test_an_empty_or_cut_short_handle_list_is_started_afresh(tmp_path, left):
    (tmp_path / HANDLE_LIST).write_text(left)
    assert repair_handle_list(tmp_path) == []
    assert json.loads((tmp_path / HANDLE_LIST).read_text()) == []


def test_ids_of_processes_that_have_ended_are_dropped(tmp_path):
    dead = _a_dead_pid()
    (tmp_path / HANDLE_LIST).write_text(json.dumps([dead, os.getpid(), dead, -1, True]))
    assert repair_handle_list(tmp_path) == [os.getpid()]
    assert json.loads((tmp_path / HANDLE_LIST).read_text()) == [os.getpid()]
    assert not list(tmp_path.glob("*.tmp"))


def test_no_handle_list_is_left_alone(tmp_path):
    assert repair_handle_list(tmp_path) == []
    assert not (tmp_path / HANDLE_LIST).exists()


@pytest.mark.slow
def test_a_start_killed_midway_does_not_stop_the_next_one(tmp_path):
    """A closed terminal sends the process group SIGTERM while `make run` starts the server and
    migrates; pgserver may be cut off mid-write of its handle list. The next start must work."""
    data_dir = tmp_path / "pgdata"
    first = subprocess.Popen(
        [sys.executable, "-c", START_MIGRATE_SERVE],
        cwd=ROOT,
        env=_environment(data_dir, stop_on_exit=False),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    handle_list = data_dir / HANDLE_LIST
    deadline = time.monotonic() + 120
    while not handle_list.exists() and time.monotonic() < deadline:  # the server is up, migrating
        time.sleep(0.1)
    os.killpg(first.pid, signal.SIGTERM)
    first.wait(timeout=30)
    assert handle_list.exists(), "the first start never got as far as the server"
    assert first.pid in json.loads(handle_list.read_text() or "[]")  # it died without removing itself
    handle_list.write_text("")  # what a write cut off by the signal leaves

    second = _start_migrate_serve(data_dir)

    assert second.returncode == 0, second.stdout + second.stderr
    assert "healthz 200" in second.stdout.splitlines()
    assert first.pid not in json.loads(handle_list.read_text() or "[]")
