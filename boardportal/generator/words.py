"""The words generated data is made of: plausible names, so pages and search read like
the real thing."""

BOARD_NAMES = [
    ("Improvement and Innovation Board", "IIB", "improvement-and-innovation-board"),
    ("Children and Young People Board", "CYPB", "children-and-young-people-board"),
    ("Community Wellbeing Board", "CWB", "community-wellbeing-board"),
    ("Culture, Tourism and Sport Board", "CTS", "culture-tourism-and-sport-board"),
    ("Environment and Housing Board", "EHB", "environment-and-housing-board"),
    ("Economy and Transport Board", "ETB", "economy-and-transport-board"),
    ("Safer and Stronger Communities Board", "SSCB", "safer-and-stronger-communities-board"),
    ("Resources Board", "RB", "resources-board"),
    ("Workforce Board", "WB", "workforce-board"),
    ("Fire Services Management Committee", "FSMC", "fire-services-management-committee"),
    ("Local Government Executive", "Exec", "local-government-executive"),
    ("European and International Board", "EIB", "european-and-international-board"),
]

THEME_NAMES = [
    ("Sector-led improvement", "sector-led-improvement"),
    ("Productivity", "productivity"),
    ("Innovation", "innovation"),
    ("Leadership", "leadership"),
    ("Growth", "growth"),
]

PRIORITY_WORDS = [
    "Productivity",
    "Peer challenge",
    "Leadership",
    "Efficiency",
    "Transparency",
    "Growth",
    "Housing",
    "Health",
    "Skills",
    "Procurement",
    "Troubled families",
    "Adult social care",
    "Community budgets",
    "Digital services",
    "Workforce",
    "Localism",
]

PROGRAMME_NOUNS = [
    "Academy",
    "Peer challenge",
    "Programme",
    "Network",
    "Offer",
    "Pilot",
    "Fund",
    "Review",
    "Toolkit",
    "Partnership",
]

COUNCIL_PLACES = [
    "Ashford",
    "Barnsley",
    "Bexley",
    "Bolton",
    "Bradford",
    "Bristol",
    "Camden",
    "Cheshire",
    "Cornwall",
    "Derby",
    "Devon",
    "Dorset",
    "Durham",
    "Essex",
    "Gateshead",
    "Hackney",
    "Kent",
    "Leeds",
    "Luton",
    "Norfolk",
    "Oldham",
    "Reading",
    "Salford",
    "Somerset",
    "Stockport",
    "Suffolk",
    "Thurrock",
    "Wakefield",
    "Wiltshire",
    "York",
]

FIRST_NAMES = ["Anne", "Brian", "Carol", "David", "Emma", "Farid", "Grace", "Hugh", "Iqbal", "Jo"]
LAST_NAMES = ["Adams", "Begum", "Clarke", "Doyle", "Evans", "Fraser", "Green", "Hughes", "Khan"]


def person(i: int) -> str:
    """The i-th name: distinct for the first 90, then numbered."""
    first = FIRST_NAMES[i % len(FIRST_NAMES)]
    last = LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)]
    n = i // (len(FIRST_NAMES) * len(LAST_NAMES))
    return f"{first} {last}" + (f" {n + 1}" if n else "")
