"""Starts (or reuses) an embedded PostgreSQL server so the portal runs on a fresh machine with no setup.

Used only when DATABASE_URL is unset. The server binaries come inside the `pgserver` wheel; the data
lives in the folder given (var/pgdata by default) and survives restarts. By default the server keeps
running after the process that started it exits, so the next command starts in a moment.
"""

import json
import logging
import os
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)


def embedded_database(data_dir: Path, *, stop_on_exit: bool = False) -> dict:
    """Return Django DATABASES settings for an embedded server in `data_dir`, starting it if needed."""
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI); pgserver copes without it.
            warnings.simplefilter("ignore")
            import pgserver
    except ImportError:
        raise ImproperlyConfigured(
            "DATABASE_URL is not set and the embedded PostgreSQL (the pgserver package, available for "
            "Python 3.10 to 3.12) is not installed. Set DATABASE_URL to a PostgreSQL server, "
            "for example postgres://postgres@127.0.0.1:5432/portal."
        ) from None

    data_dir = Path(data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    with pgserver.postgres_server.PostgresServer._lock:
        repair_handle_list(data_dir)
    server = pgserver.get_server(data_dir, cleanup_mode="stop" if stop_on_exit else None)
    uri = urlparse(server.get_uri())
    socket_dir = parse_qs(uri.query)["host"][0]
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": "",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


HANDLE_LIST = ".handle_pids.json"


def repair_handle_list(data_dir: Path) -> list[int]:
    """Make pgserver's record of the processes using the server readable and true before it reads it.

    pgserver rewrites `.handle_pids.json` in place; a process stopped mid-write (a closed terminal, a
    cancelled job) leaves it empty or cut short, and every later start then fails inside pgserver with a
    JSONDecodeError. Ids of processes that ended without removing themselves pile up in it too, and
    keep the server from being stopped by the last real user. Returns the ids kept.
    """
    path = Path(data_dir) / HANDLE_LIST
    if not path.exists():
        return []
    try:
        recorded = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, ValueError):
        recorded = None
    if not isinstance(recorded, list):
        logger.warning("%s was unreadable; starting it afresh.", path)
        recorded = []
    kept = [pid for pid in recorded if isinstance(pid, int) and not isinstance(pid, bool) and _alive(pid)]
    if kept != recorded or recorded == []:
        # Written beside and renamed over, so a stop at any moment leaves the old file or the new one.
        spare = path.with_name(f"{HANDLE_LIST}.{os.getpid()}.tmp")
        spare.write_text(json.dumps(kept))
        spare.replace(path)
    return kept


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists but belongs to another user
        return True
    return True
