import pytest
from django.core.management import call_command
from django.http import QueryDict

from innovations.models import Adoption, CatalogueEntry, Innovation
from innovations.search import catalogue_search
from innovations.synthetic import TextGenerator

pytestmark = pytest.mark.django_db


def test_generate_catalogue_adds_published_searchable_innovations(capsys):
    call_command("generate_catalogue", "--count", "60", "--batch", "25")
    assert Innovation.objects.filter(status="published").count() == 60
    assert CatalogueEntry.objects.count() == 60
    assert Adoption.objects.exists()
    assert len(set(Innovation.objects.values_list("organisation__organisation_type", flat=True))) >= 5
    assert len(set(Innovation.objects.values_list("slug", flat=True))) == 60
    # The most common word is in most documents; search, facets and counts work on the result.
    found = catalogue_search(QueryDict("q=service"))
    assert found.result.total > 30
    assert sum(c.count for c in found.result.facets["stage"]) == found.result.total
    call_command("generate_catalogue", "--count", "10")
    assert CatalogueEntry.objects.count() == 70


def test_text_has_zipf_like_word_frequencies():
    words = TextGenerator(seed=1).words(20000)
    counts = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    assert len(counts) > 1500  # thousands of distinct words over a long text
    top = sorted(counts.values(), reverse=True)
    assert top[0] > 10 * top[100] > 0
