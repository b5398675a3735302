"""Synthetic catalogue content for load tests and benchmarks: realistic-looking case studies with a
vocabulary of thousands of words used with Zipf-like frequencies (a few words in most documents, most
words in few), so that search behaves as it would on real text at scale."""

from __future__ import annotations

import itertools
import random
from bisect import bisect

# Words a public-service case study uses, most common first (stop words are dropped by search but keep
# the text readable).
COMMON = ["service", "people", "support", "local", "council", "staff", "care", "health", "team", "work", "new", "community", "public", "data", "families", "help", "services", "residents", "children", "young", "time", "year", "outcomes", "evidence", "partners", "approach", "project", "model", "first", "scheme", "better", "process", "pilot", "funding", "cost", "savings", "housing", "programme", "results", "users", "needs", "design", "change", "change-makers", "access", "information", "digital", "online", "school", "teachers", "patients", "hospital", "older", "adults", "social", "workers", "advice", "referral", "referrals", "home", "homes", "early", "prevention", "crisis", "safety", "police", "fire", "ambulance", "volunteers", "charity", "charities", "network", "networks", "learning", "training", "skills", "practice", "practitioners", "leaders", "leadership", "managers", "budget", "budgets", "contract", "contracts", "commissioning", "procurement", "outcomes-based", "evaluation", "trial", "trials", "comparison", "impact", "measured", "reduced", "increased", "improved", "fewer", "more", "faster", "lower", "higher", "rates", "rate", "satisfaction", "wellbeing", "independence", "quality", "neighbourhood", "neighbourhoods", "area", "areas", "region", "regional", "national", "city", "county", "district", "borough", "town", "rural", "urban", "coastal", "village", "estate", "estates", "tenants", "landlords", "rent", "repairs", "energy", "climate", "carbon", "transport", "bus", "buses", "travel", "cycling", "walking", "roads", "parking", "waste", "recycling", "libraries", "parks", "leisure", "culture", "museums", "arts", "employment", "jobs", "work", "benefits", "welfare", "debt", "money", "income", "poverty", "food", "hunger", "loneliness", "isolation", "mental", "physical", "disability", "dementia", "autism", "carers", "carer", "family", "parents", "pupils", "students", "college", "university", "apprenticeships", "volunteers", "peer", "peers", "mentoring", "coaching", "safeguarding", "abuse", "violence", "offending", "justice", "court", "courts", "prison", "probation", "victims", "restorative", "flooding", "resilience", "emergency", "response", "planning", "partnership", "partnerships", "integrated", "joined-up", "shared", "co-production", "co-design", "co-produced", "user-centred", "research", "insight", "insights", "behavioural", "nudges", "letters", "reminders", "texts", "messages", "app", "apps", "platform", "website", "portal", "forms", "form", "case", "cases", "caseload", "caseloads", "assessment", "assessments", "plan", "plans", "goals", "review", "reviews", "visits", "visit", "calls", "call", "phone", "waiting", "lists", "delays", "demand", "capacity", "workforce", "recruitment", "retention", "turnover", "morale", "culture", "trust", "ownership", "credibility", "endorsement", "reputation", "scale", "scaling", "spread", "adoption", "adopted", "adapted", "replication", "replicated", "mainstream", "sustained", "sustainability", "legacy", "lessons", "failures", "challenges", "conditions", "success", "successful", "barriers", "enablers", "risks", "governance", "board", "oversight", "accountability", "transparency", "openness", "open-source", "standards", "interoperability", "systems", "records", "sharing", "consent", "privacy", "security", "analytics", "dashboard", "dashboards", "reporting", "indicators", "metrics", "targets", "baseline"]

# Word parts for the long tail: compounds such as "carehub" or "routemap" that stand for the many
# rare, specialised words (names of schemes, places, tools) a large catalogue contains.
ROOTS = ["care", "link", "hub", "path", "route", "map", "step", "bridge", "net", "point", "line", "gate", "way", "field", "work", "home", "life", "well", "safe", "sure", "start", "grow", "lift", "kind", "fair", "green", "blue", "clear", "bright", "open", "true", "fast", "smart", "swift", "core", "keystone", "anchor", "beacon", "harbour", "compass", "lantern", "pioneer", "summit", "meadow", "river", "forest", "valley", "harvest", "orchard", "spring", "summer", "autumn", "winter", "north", "south", "east", "west", "upland", "lowland", "marsh", "moor", "heath", "shore", "cliff", "quay", "dock", "mill", "forge", "loom", "kiln", "cart", "wagon", "engine", "signal", "tower", "market", "square", "chapel", "school", "yard"]

ADJECTIVES = ["integrated", "community-led", "digital", "early", "rapid", "shared", "local", "regional", "neighbourhood", "family-centred", "preventative", "outcomes-based", "peer-led", "co-designed", "open", "data-driven", "place-based", "whole-system", "trauma-informed", "strengths-based", "flexible", "targeted", "universal"]
NOUNS = ["hub", "service", "scheme", "programme", "model", "pathway", "approach", "network", "partnership", "team", "platform", "fund", "lab", "toolkit", "framework", "register", "pilot", "clinic", "cafe", "library", "workshop"]
GROUPS = """
older people|young carers|care leavers|people sleeping rough|new parents|small charities|school leavers|
people with dementia|frequent attenders|families in crisis|tenants|rural communities|veterans|
people leaving prison|disabled adults|low-income households|refugees|young offenders|carers|
job seekers
""".replace("\n", "").split("|")

STOP = ["the", "a", "of", "to", "and", "in", "for", "with", "by", "on", "at", "from", "as", "that", "this", "which", "was", "were", "is", "are", "it", "its", "their"]


class TextGenerator:
    """Makes sentences and paragraphs from a Zipf-distributed vocabulary, repeatably from a seed."""

    def __init__(self, seed: int = 2011, vocabulary_size: int = 6000, exponent: float = 1.07):
        self.random = random.Random(seed)
        compounds = [a + b for a, b in itertools.product(ROOTS, ROOTS) if a != b]
        self.random.shuffle(compounds)
        self.vocabulary = COMMON + compounds[: max(0, vocabulary_size - len(COMMON))]
        weights = [1 / (rank**exponent) for rank in range(1, len(self.vocabulary) + 1)]
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def words(self, count: int) -> list[str]:
        r, cumulative, total, vocabulary = self.random.random, self.cumulative, self.total, self.vocabulary
        picked = [vocabulary[bisect(cumulative, r() * total)] for _ in range(count)]
        # Sprinkle in stop words so the text reads like prose.
        for i in range(0, len(picked), 4):
            picked.insert(i, self.random.choice(STOP))
        return picked

    def sentence(self, low: int = 7, high: int = 18) -> str:
        words = self.words(self.random.randint(low, high))
        return " ".join(words).capitalize() + "."

    def paragraph(self, sentences: tuple[int, int] = (3, 6)) -> str:
        return " ".join(self.sentence() for _ in range(self.random.randint(*sentences)))

    def paragraphs(self, count: tuple[int, int]) -> str:
        return "\n\n".join(self.paragraph() for _ in range(self.random.randint(*count)))

    def title(self) -> str:
        choice = self.random.choice
        return f"{choice(ADJECTIVES).capitalize()} {choice(NOUNS)} for {choice(GROUPS)} in {choice(self.vocabulary[200:3000])}"

    def summary(self) -> str:
        text = self.sentence(14, 28)
        return text if len(text) <= 300 else text[:297].rsplit(" ", 1)[0] + "."
