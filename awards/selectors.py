"""Reads of the award for its public pages."""

from django.db.models import Prefetch
from django.http import Http404

from awards.models import Award, Nomination, Round


def awards_with_rounds() -> list[Award]:
    return list(Award.objects.prefetch_related(Prefetch("rounds", queryset=Round.objects.order_by("-year"))))


def round_for_public(*, award: str, year: int) -> Round:
    round_ = (
        Round.objects.select_related("award")
        .prefetch_related("categories", "criteria")
        .filter(award__slug=award, year=year)
        .first()
    )
    if round_ is None:
        raise Http404("No such round.")
    return round_


def nomination_for_nominator(*, user, pk: int) -> Nomination:
    """A nomination, to the person who is writing it only (404 for anyone else)."""
    nomination = (
        Nomination.objects.select_related("round__award", "category", "innovation__organisation")
        .prefetch_related("nominees__organisation", "statements", "round__criteria", "round__categories")
        .filter(pk=pk, nominator_id=user.pk)
        .first()
    )
    if nomination is None:
        raise Http404("No such nomination.")
    return nomination


def nominations_of(*, user) -> list[Nomination]:
    return list(
        Nomination.objects.filter(nominator=user)
        .select_related("round__award", "category")
        .prefetch_related("nominees")
        .order_by("-updated_at")
    )
