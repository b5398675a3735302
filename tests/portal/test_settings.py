"""Settings safety: the portal refuses to start on a configuration it cannot trust, and production
settings pass Django's deployment checks. Each case starts a fresh Python, as a server would."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k3Jq-8vNw2pX_r7TzLb5Hs0YcUe4Ga9Df6Mi1Ro-QtWnVx2Pk8Zy7Ls3Bj5Hd0Fg",
    "ALLOWED_HOSTS": "innovation.example.gov.uk",
    # Any PostgreSQL URL: `check --deploy` does not connect.
    "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}

# Each test starts the portal in a process of its own, with the environment it is given.
pytestmark = pytest.mark.slow


def run_django(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    dropped = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}
    clean_env = {k: v for k, v in os.environ.items() if k not in dropped}
    clean_env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    env = {**PRODUCTION_ENV}
    env["SECRET_KEY"] = ""
    result = run_django(["check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_django(["check"], {**PRODUCTION_ENV, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_django(["check"], {**PRODUCTION_ENV, "ALLOWED_HOSTS": ""})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "perhaps", "DEBUG must be true or false"),
        ("SECURE_HSTS_SECONDS", "a year", "SECURE_HSTS_SECONDS must be a whole number"),
        ("DATABASE_URL", "mysql://root@localhost/portal", "DATABASE_URL must point at PostgreSQL"),
    ],
)
def test_bad_values_stop_the_portal_with_the_variable_named(name, value, message):
    result = run_django(["check"], {**PRODUCTION_ENV, name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = run_django(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_runs_without_secret_key():
    env = {"DEBUG": "true", "SECRET_KEY": "", "DATABASE_URL": PRODUCTION_ENV["DATABASE_URL"]}
    result = run_django(["check"], env)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("command", [["check"], ["migrate", "--plan"]])
def test_production_refuses_to_start_without_a_shared_cache_for_rate_limits(command):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "REDIS_URL"}
    result = run_django(command, env)
    assert result.returncode != 0
    assert "REDIS_URL is not set" in result.stderr
    assert "django_ratelimit" not in result.stderr + result.stdout
