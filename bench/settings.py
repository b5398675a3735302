"""Settings for benchmark runs: the portal's own, plus a URL for the textbook search it is compared with."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
