"""Starts (or reuses) an embedded PostgreSQL server so the portal runs on a fresh machine with no setup.

Used only when DATABASE_URL is unset. The server binaries come inside the `pgserver` wheel; the data
lives in the folder given (var/pgdata by default) and survives restarts. By default the server keeps
running after the process that started it exits, so the next command starts in a moment.
"""

import logging
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
