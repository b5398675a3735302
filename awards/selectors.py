"""Reads of the award for its public pages."""

from django.db.models import Prefetch
from django.http import Http404

from awards.models import Award, Round


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
