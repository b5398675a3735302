"""Saved searches, their email alerts and the shortlist."""

from __future__ import annotations

import logging

from django.core import signing
from django.db import DatabaseError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from innovations.models import AlertFrequency, Innovation, SavedSearch, SavedSearchAlert, ShortlistEntry
from innovations.search import INNOVATION_CATALOGUE, innovations_for_ids
from portal.core.emails import send_templated_email
from portal.search.engine import count_matches, run_search
from portal.search.forms import search_form

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "innovations.saved-search.unsubscribe"
ALERT_LIMIT = 50
# "Your saved searches" counts every saved search's new matches in one statement; a user keeps at most
# this many, which bounds the work of that statement.
MAX_SAVED_SEARCHES = 20
MAX_QUERY_LENGTH = SavedSearch._meta.get_field("query").max_length


def clean_query(query: str) -> str:
    """The search's query string without the page number, so a saved search always starts at page 1."""
    params = QueryDict(query, mutable=True)
    params.pop("page", None)
    return params.urlencode()


def saved_search_create(*, user, name: str, query: str, frequency: str) -> SavedSearch:
    search = SavedSearch(user=user, name=name.strip(), query=clean_query(query), frequency=frequency)
    search.full_clean()
    search.save()
    return search


def saved_searches_new_counts(searches: list[SavedSearch], catalogue=None) -> list[int]:
    """For each search, how many of its matches were first published since its owner last opened it
    (counting stops past ALERT_LIMIT), all counted together in a fixed number of queries."""
    # The curated options read once for every search (or given, already read, by the caller).
    catalogue = catalogue or INNOVATION_CATALOGUE.resolved()
    queries = [
        (saved_search_query(search, catalogue), "published_at > %s", [search.last_seen_at])
        for search in searches
    ]
    return count_matches(catalogue, queries, cap=ALERT_LIMIT + 1)


def saved_search_query(search: SavedSearch, catalogue=INNOVATION_CATALOGUE):
    """The typed query of a saved search, which keeps the search page's URL parameters. A value no longer
    valid (a deleted policy area, say) is left out, as on the page."""
    return search_form(catalogue, QueryDict(search.query)).search_query()


def saved_search_mark_seen(*, search: SavedSearch) -> None:
    search.last_seen_at = timezone.now()
    search.save(update_fields=["last_seen_at"])


def unsubscribe_token(search: SavedSearch) -> str:
    return signing.dumps(search.pk, salt=UNSUBSCRIBE_SALT)


def saved_search_unsubscribe(token: str) -> SavedSearch | None:
    """Turn off a saved search's emails from the signed link in an alert; None if the link is not valid."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    search = SavedSearch.objects.filter(pk=pk).first()
    if search is not None and search.frequency != AlertFrequency.NONE:
        search.frequency = AlertFrequency.NONE
        search.save(update_fields=["frequency"])
    return search


def send_alerts(frequency: str) -> tuple[int, int]:
    """Email each saved search of this frequency the newly published matches it has not been sent.
    Each search is handled in its own transaction: the innovations are recorded as sent in the same
    transaction as the email is queued, so a failure part way leaves the rest to be sent on a rerun,
    and nothing is sent twice for the same search. The queue sends the email, and tries again while
    the mail server refuses it (portal/core/emails.py)."""
    emails = failures = 0
    searches = SavedSearch.objects.filter(frequency=frequency).select_related("user").order_by("pk")
    for search in searches:
        try:
            with transaction.atomic():
                query = saved_search_query(search)
                query.sort, query.page = "newest", 1
                result = run_search(INNOVATION_CATALOGUE, query, page_size=ALERT_LIMIT, with_facets=False)
                found = innovations_for_ids(result.ids, result.tsquery)
                already = set(
                    SavedSearchAlert.objects.filter(
                        saved_search=search, innovation_id__in=[i.id for i in found]
                    ).values_list("innovation_id", flat=True)
                )
                new = [i for i in found if i.id not in already and i.published_at > search.created_at]
                if not new:
                    continue
                SavedSearchAlert.objects.bulk_create(
                    [SavedSearchAlert(saved_search=search, innovation=i) for i in new]
                )
                send_templated_email(
                    template="saved_search_alert",
                    to=[search.user.email],
                    context={
                        "search": search,
                        "innovations": new,
                        "unsubscribe_path": reverse(
                            "innovations:unsubscribe", args=[unsubscribe_token(search)]
                        ),
                    },
                )
                emails += 1
        except DatabaseError:
            failures += 1
            logger.exception(
                "Alert for saved search %s failed; it will be tried again on the next run", search.pk
            )
    return emails, failures


def shortlist_toggle(*, user, innovation: Innovation) -> bool:
    """Star or unstar an innovation; returns whether it is now on the user's shortlist."""
    deleted, _ = ShortlistEntry.objects.filter(user=user, innovation=innovation).delete()
    if deleted:
        return False
    ShortlistEntry.objects.get_or_create(user=user, innovation=innovation)
    return True
