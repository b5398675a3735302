"""The search engine's own tables: the synonyms and acronyms the central team curates (with the rewrite
rules derived from them, which PostgreSQL's `ts_rewrite` applies to every query), the words the
catalogues contain, which spelling suggestions are drawn from, and each catalogue's generation, which
keys the cache of search results."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower


class TsQueryField(models.Field):
    """A PostgreSQL tsquery, written and read by SQL only."""

    def db_type(self, connection):
        return "tsquery"


class Synonym(models.Model):
    """A phrase and something it also means, both ways: "looked after children" and "children in care";
    "A&E" and "emergency department"; "neighborhood" and "neighbourhood"."""

    phrase = models.CharField(max_length=100, help_text="For example: looked after children, A&E, GP.")
    also_means = models.CharField(
        max_length=100, help_text="For example: children in care, emergency department, general practice."
    )
    note = models.CharField(max_length=200, blank=True, help_text="Why, for the central team.")

    class Meta:
        ordering = ["phrase", "also_means"]
        constraints = [
            models.UniqueConstraint(Lower("phrase"), Lower("also_means"), name="synonym_once"),
            models.CheckConstraint(
                condition=~models.Q(phrase="") & ~models.Q(also_means=""), name="synonym_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phrase} = {self.also_means}"


class SynonymRule(models.Model):
    """One direction of a synonym as `ts_rewrite` reads it: where a query holds `target`, it also
    accepts `substitute`. Derived from the synonyms by `portal.search.vocabulary.synonym_rules_refresh`."""

    synonym = models.ForeignKey(Synonym, on_delete=models.CASCADE, related_name="+")
    target = TsQueryField()
    substitute = TsQueryField()

    def __str__(self) -> str:
        return f"Rule of {self.synonym_id}"


class Word(models.Model):
    """A word some public entry of a catalogue contains (as typed, lower case), with how many entries
    held it when it was last counted. Added to as entries are written; a word that has since gone is
    harmless, as a suggestion is only made when it finds results."""

    word = models.CharField(max_length=64, unique=True)
    documents = models.IntegerField(default=1)

    def __str__(self) -> str:
        return self.word


class Generation(models.Model):
    """How many times a search table has been written: raised by a trigger on the table in the same
    transaction as every write (whatever the path: services, admin, imports, cascades), so a cached
    result keyed by it can never outlive a change (portal.search.cache)."""

    name = models.CharField(max_length=63, primary_key=True)  # the table's name
    generation = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} {self.generation}"


class PhraseLexeme(models.Model):
    """A word (as the catalogue's text search stores it) common enough in a catalogue that a quoted
    phrase of it and another common word would make PostgreSQL check word positions in most entries. Each
    entry of the catalogue keeps the pairs of such words that stand side by side in its text, indexed, so
    a phrase search reads only the entries holding its pairs (portal.search.phrases). Only ever added to;
    `ready` once every entry holds the pairs with it."""

    catalogue = models.CharField(max_length=63)  # the catalogue's table
    lexeme = models.CharField(max_length=255)
    ready = models.BooleanField(default=False)
    # In at least half the entries: each entry lists the ones it lacks, so that a search for such words
    # is counted through the few entries lacking them (portal.search.engine). Only ever set; used once
    # every entry lists it (`everywhere_ready`).
    everywhere = models.BooleanField(default=False, db_default=False)
    everywhere_ready = models.BooleanField(default=False, db_default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["catalogue", "lexeme"], name="phrase_lexeme_once")]

    def __str__(self) -> str:
        return f"{self.catalogue}: {self.lexeme}"


class PackedTotal(models.Model):
    """The sums of a catalogue's packed count columns over all its entries (and how many entries there
    are), kept by triggers on the catalogue's table in the same transaction as every write: a search
    counted through the entries it does not match subtracts from these."""

    catalogue = models.CharField(max_length=63, primary_key=True)  # the catalogue's table
    names = ArrayField(models.CharField(max_length=63))  # "rows", then the packed columns
    totals = ArrayField(models.DecimalField(max_digits=40, decimal_places=0))

    def __str__(self) -> str:
        return self.catalogue


class _Pair(models.Model):
    """A pair of a catalogue's common words side by side, by its code (portal.search.phrases.pair_code)."""

    catalogue = models.CharField(max_length=63)  # the catalogue's table
    code = models.IntegerField()
    ready = models.BooleanField(default=False, db_default=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.catalogue}: {self.code}"


class CommonPair(_Pair):
    """A pair of common words standing side by side in at least half a catalogue's entries. Each entry
    lists the ones it lacks in the same list as the words it lacks (a pair's code is never a word's id),
    so that a quoted phrase of them is counted through the few entries lacking it
    (portal.search.engine). Only ever added; used once every entry lists it (`ready`)."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["catalogue", "code"], name="common_pair_once")]


class PackedGroup(models.Model):
    """The sums of a catalogue's packed count columns (and how many entries) over one group of its
    entries, kept by triggers in the same transaction as every write: the entries lacking one of the
    words or pairs in half the entries (`lacks:<code>`), the entries holding one of the pairs of common
    words in a fiftieth of them (`holds:<code>`, HeldPair), and the entries with one packed option
    (`<column>:<slot>`). A search for one such word or phrase, or browsing with one option chosen, reads
    its counts from these rather than from the rows (portal.search.engine)."""

    catalogue = models.CharField(max_length=63)  # the catalogue's table
    key = models.CharField(max_length=80)
    totals = ArrayField(models.DecimalField(max_digits=40, decimal_places=0))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["catalogue", "key"], name="packed_group_once")]

    def __str__(self) -> str:
        return f"{self.catalogue}: {self.key}"


class HeldPair(_Pair):
    """A pair of common words standing side by side in at least a fiftieth of a catalogue's entries: the
    sums over the entries holding it are kept as a packed group (`holds:<code>`, search_packedgroup) by
    the triggers that keep the others, so that a quoted phrase of it is counted without reading its
    entries. Only ever added; used once its group has been filled from every entry (`ready`)."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["catalogue", "code"], name="held_pair_once")]
