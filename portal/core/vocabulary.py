"""The portal's shared vocabulary: the codes and labels used in models, URLs, the API and CSV files.

The stages come from the report's "test it, prove it, grow it and adopt it"; the themes are its eight
conditions for scaling up; evidence levels follow Nesta's Standards of Evidence.
"""

from django.db import models


class Stage(models.TextChoices):
    TEST = "test", "Test it"
    PROVE = "prove", "Prove it"
    GROW = "grow", "Grow it"
    ADOPT = "adopt", "Adopt it"


STAGE_DESCRIPTIONS = {
    Stage.TEST: "Trialled on a small scale.",
    Stage.PROVE: "Evidence gathered that it works.",
    Stage.GROW: "Spreading within or beyond the first organisation.",
    Stage.ADOPT: "Adopted or adapted by other organisations, or made mainstream.",
}


class Theme(models.TextChoices):
    CULTURE = "culture", "Culture"
    EVIDENCE = "evidence", "Evidence"
    SKILLS = "skills", "Skills"
    NETWORKS = "networks", "Networks"
    PROCESSES = "processes", "Processes"
    OWNERSHIP = "ownership", "Ownership"
    RESOURCES = "resources", "Resources"
    CREDIBILITY = "credibility", "Credibility"


THEME_DESCRIPTIONS = {
    Theme.CULTURE: "Build a culture that rewards and encourages scaling up innovation.",
    Theme.EVIDENCE: "Make the business case and demonstrate the social return.",
    Theme.SKILLS: "Embed the skills needed for scaling up: the skills to innovate and to scale up are different.",
    Theme.NETWORKS: "Develop and use networks to make connections, give advice, share knowledge and create dialogue.",
    Theme.PROCESSES: "Embed processes and mechanisms that make scaling up easier.",
    Theme.OWNERSHIP: "A feeling of ownership is an incentive to share learning about what works.",
    Theme.RESOURCES: "Manage resources, funding, expertise and support to encourage scaling up.",
    Theme.CREDIBILITY: "Credibility, endorsement and reputation make the business case for scaling up.",
}

# The same, in a line each, for filter panels.
THEME_HINTS = {
    Theme.CULTURE: "A culture that rewards scaling up.",
    Theme.EVIDENCE: "The business case and the social return.",
    Theme.SKILLS: "The skills to scale up, not only to innovate.",
    Theme.NETWORKS: "Connections, advice and shared knowledge.",
    Theme.PROCESSES: "Processes that make scaling up easier.",
    Theme.OWNERSHIP: "Ownership as a reason to share what works.",
    Theme.RESOURCES: "Funding, expertise and support.",
    Theme.CREDIBILITY: "Endorsement and reputation.",
}


class EvidenceLevel(models.IntegerChoices):
    DESCRIBED = 1, "Level 1"
    CHANGE_SHOWN = 2, "Level 2"
    CAUSE_SHOWN = 3, "Level 3"
    INDEPENDENTLY_CONFIRMED = 4, "Level 4"
    WORKS_AT_SCALE = 5, "Level 5"


EVIDENCE_DESCRIPTIONS = {
    1: "You can describe what it does and why it should work.",
    2: "Data shows a positive change, but not that the innovation caused it.",
    3: "A comparison or control group shows it caused the change.",
    4: "One or more independent evaluations confirm the impact, and its cost is reasonable.",
    5: "It has been shown to work when run by others, elsewhere, at scale.",
}


class CostBand(models.IntegerChoices):
    UNDER_10K = 1, "Under £10k a year"
    TO_50K = 2, "£10k to £50k a year"
    TO_250K = 3, "£50k to £250k a year"
    TO_1M = 4, "£250k to £1m a year"
    OVER_1M = 5, "Over £1m a year"


class OrganisationType(models.TextChoices):
    CENTRAL_GOVERNMENT = "central_government", "Central government"
    ARMS_LENGTH_BODY = "arms_length_body", "Arm's length body"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    NHS = "nhs", "NHS"
    POLICE_FIRE = "police_fire", "Police and fire"
    EDUCATION = "education", "Education"
    THIRD_SECTOR = "third_sector", "Charity or social enterprise"
    PRIVATE_SECTOR = "private_sector", "Private sector"
    ACADEMIA = "academia", "University or research"
    INTERNATIONAL = "international", "International body"


class Region(models.TextChoices):
    NORTH_EAST = "north_east", "North East"
    NORTH_WEST = "north_west", "North West"
    YORKSHIRE_HUMBER = "yorkshire_humber", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east_midlands", "East Midlands"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    EAST = "east", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"
    SCOTLAND = "scotland", "Scotland"
    WALES = "wales", "Wales"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"
    UK_WIDE = "uk_wide", "UK-wide"
    INTERNATIONAL = "international", "International"


# The central team curates policy areas in admin; these are the ones the portal starts with.
INITIAL_POLICY_AREAS = [
    "Health",
    "Adult social care",
    "Children and families",
    "Education and skills",
    "Housing and homelessness",
    "Community safety and justice",
    "Environment and climate",
    "Transport",
    "Employment and welfare",
    "Digital and data",
    "Local economy",
    "Democracy and participation",
    "Public finance",
    "Commissioning and procurement",
    "Culture and leisure",
]


# The central team curates the kinds of help advice sources give in admin; these are the ones the portal
# starts with: code, name, the conditions for scaling up each speaks to, and what it covers.
INITIAL_SUPPORT_TYPES = [
    (
        "guidance",
        "Guidance and toolkits",
        ["processes"],
        "Guides, toolkits and playbooks you can follow yourself.",
    ),
    ("funding", "Funding", ["resources"], "Grants, prizes and investment to test, prove or grow an idea."),
    (
        "networks",
        "Networks and communities of practice",
        ["networks"],
        "People in other organisations working on the same problem, to learn from and share with.",
    ),
    (
        "training",
        "Training and skills",
        ["skills"],
        "Courses and learning to build the skills your team needs.",
    ),
    (
        "evaluation",
        "Evaluation and evidence",
        ["evidence"],
        "Help to measure the difference your idea makes and to judge the evidence for it.",
    ),
    (
        "commissioning",
        "Commissioning and procurement",
        ["processes"],
        "Help to buy or commission an innovation, including contracts that pay for outcomes.",
    ),
    (
        "digital",
        "Data and digital",
        ["processes"],
        "Help with data, technology and digital service standards.",
    ),
    (
        "legal",
        "Legal and regulatory",
        ["processes"],
        "Help with the law, regulation, data protection and governance.",
    ),
    (
        "mentoring",
        "Mentoring and coaching",
        ["skills", "networks"],
        "Someone experienced to guide you one to one.",
    ),
]


class AwardOutcome(models.TextChoices):
    """What an award decided for a nomination, highest first (the order places are listed in)."""

    WINNER = "winner", "Winner"
    HIGHLY_COMMENDED = "highly_commended", "Highly commended"
    SHORTLISTED = "shortlisted", "Shortlisted"


AWARD_OUTCOME_PHRASES = {
    AwardOutcome.WINNER: "Award winner",
    AwardOutcome.HIGHLY_COMMENDED: "Highly commended",
    AwardOutcome.SHORTLISTED: "Shortlisted for an award",
}


class Fees(models.TextChoices):
    FREE = "free", "Free"
    PAID = "paid", "Paid"
    MIXED = "mixed", "Some free, some paid"


class ServiceStatus(models.TextChoices):
    """Open Referral UK's service status."""

    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
