"""Checking that each advice source's web address still answers: bounded concurrency, a timeout per
request, redirects followed. A broken address is flagged in admin and on the public page."""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from django.utils import timezone

from portal.advice.models import AdviceSource

USER_AGENT = "PublicServiceInnovationExchange-LinkCheck/1.0"


def check_url(url: str, *, timeout: float) -> tuple[bool, str]:
    """(answered, problem): HEAD first, then GET for servers that refuse HEAD; redirects are followed."""
    problem = ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310 - http(s) only, validated on input
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return True, f"HTTP {response.status}" if response.status != 200 else ""
        except urllib.error.HTTPError as exc:
            problem = f"HTTP {exc.code}"
            if exc.code not in {403, 405, 501}:
                break
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            problem = f"Could not connect: {reason}"[:300]
            break
    return False, problem


def check_advice_links(*, timeout: float = 10, concurrency: int = 8) -> tuple[int, int]:
    """Check every source's web address; returns (checked, broken)."""
    sources = list(AdviceSource.objects.listed().only("id", "url"))
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        results = list(pool.map(lambda s: (s, *check_url(s.url, timeout=timeout)), sources))
    now = timezone.now()
    broken = 0
    for source, ok, problem in results:
        broken += not ok
        AdviceSource.objects.filter(pk=source.pk).update(
            link_ok=ok, link_problem=problem if not ok else "", link_checked_at=now
        )
    return len(results), broken
