"""Deterministic synthetic listings for benchmarks: any N, the real vocabulary, plausible distributions.

`documents(n, seed)` yields (id, version, document) tuples in the same shape directory/listings/documents.py
produces for real listings, so the benchmark exercises exactly the code the site runs.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from directory import geography, taxonomy
from directory.search.places_data import PLACES

ROLES = [
    "laboratory technician",
    "bioinformatics analyst",
    "quality control scientist",
    "manufacturing operator",
    "clinical trials assistant",
    "healthcare science practitioner",
    "data scientist",
    "regulatory affairs officer",
    "pharmacy technician",
    "biomedical scientist",
    "process engineer",
    "medical device technician",
    "genomics associate",
    "cell therapy technician",
    "research scientist",
    "science communicator",
]
FORMS = {
    "apprenticeship": ["{role} apprenticeship", "Level {n} {role} apprentice programme"],
    "degree-apprenticeship": ["{role} degree apprenticeship", "BSc {role} (degree apprenticeship)"],
    "htq": ["HTQ in {topic}", "Higher Technical Qualification: {topic}", "HNC {topic}"],
    "t-level": ["T Level in Science ({topic})", "Science T Level with {topic} placement"],
    "skills-bootcamp": ["Skills Bootcamp in {topic}", "{topic} bootcamp for adults"],
    "short-course": ["Introduction to {topic}", "{topic} short course"],
    "cpd": ["CPD: advanced {topic}", "{topic} for professionals"],
    "employment-support": ["Into work: {role}", "Jobs in {topic} programme"],
    "outreach": ["{topic} in schools", "Family science days: {topic}"],
    "supported-internship": ["Supported internship: {role}", "{topic} supported internship"],
}
SENTENCES = [
    "You will learn {topic} skills in a modern lab with experienced staff.",
    "The course suits people who want a career as a {role}.",
    "Work alongside NHS and industry partners on real projects.",
    "Places are funded for eligible learners aged 19 and over.",
    "Includes a guaranteed interview with a local employer at the end.",
    "Learners with SEND are supported throughout.",
    "Delivered by {provider} with employers across {place}.",
    "Covers good laboratory practice, health and safety and quality systems.",
    "Graduates have gone on to roles in biotechnology, pharmaceuticals and diagnostics.",
    "Study part time while you work, with online learning and workshops.",
    "Open to people changing career from any sector.",
    "Gain hands-on experience of genomics, cell culture and data analysis.",
]
PROVIDER_WORDS = [
    "College",
    "University",
    "Institute",
    "Academy",
    "Skills Centre",
    "Trust",
    "Bioscience Ltd",
    "Training",
    "Partnership",
    "Science Park",
]
REGION_WEIGHTS = {
    "london": 18,
    "south-east": 14,
    "east-of-england": 11,
    "north-west": 10,
    "west-midlands": 8,
    "yorkshire-and-the-humber": 8,
    "east-midlands": 6,
    "south-west": 7,
    "north-east": 4,
    "scotland": 7,
    "wales": 4,
    "northern-ireland": 2,
    "uk-wide": 6,
}
TYPE_WEIGHTS = {
    "apprenticeship": 20,
    "degree-apprenticeship": 6,
    "htq": 8,
    "t-level": 5,
    "skills-bootcamp": 8,
    "short-course": 15,
    "cpd": 10,
    "employment-support": 8,
    "outreach": 12,
    "supported-internship": 2,
    "training-centre": 2,
    "careers-guidance": 2,
    "work-experience": 2,
    "funding": 1,
    "fellowship": 1,
}
SECTION_FOR_TYPE = {
    "outreach": "community-outreach",
    "careers-guidance": "community-outreach",
    "htq": "alternative-qualifications",
    "t-level": "alternative-qualifications",
    "skills-bootcamp": "alternative-qualifications",
    "short-course": "alternative-qualifications",
}
PLACES_BY_REGION: dict[str, list[str]] = {}
for _name, _region in PLACES.items():
    PLACES_BY_REGION.setdefault(_region, []).append(_name.title())


DISTRICTS_BY_REGION: dict[str, list[geography.District]] = {}
for _district in geography.districts().values():
    DISTRICTS_BY_REGION.setdefault(_district.region, []).append(_district)
VENUE_SHARE = 0.7  # listings in a Great Britain region with a venue (at a real postcode district's centre)
AVAILABILITY_WEIGHTS = {"open": 85, "planned": 8, "temporarily-closed": 2, "ended": 5}


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _some(rng: random.Random, vocabulary, low=1, high=3) -> list[str]:
    return rng.sample(vocabulary.codes(), rng.randint(low, high))


def document(n: int, rng: random.Random) -> dict:
    kind = _pick(rng, TYPE_WEIGHTS)
    region = _pick(rng, REGION_WEIGHTS)
    regions = [region] + ([_pick(rng, REGION_WEIGHTS)] if rng.random() < 0.15 else [])
    topic_codes = _some(rng, taxonomy.TOPICS, 1, 3)
    topic = taxonomy.TOPICS.label_for(topic_codes[0]).lower()
    role = rng.choice(ROLES)
    place = rng.choice(PLACES_BY_REGION.get(region, ["the UK"]))
    provider_n = rng.randint(1, max(1, n // 25 + 50))
    provider = f"{place} {rng.choice(PROVIDER_WORDS)} {provider_n}"
    title = rng.choice(FORMS.get(kind, ["{topic} programme"])).format(role=role, topic=topic, n=rng.randint(2, 7))
    values = {"role": role, "topic": topic, "provider": provider, "place": place}
    description = " ".join(rng.choice(SENTENCES).format(**values) for _ in range(rng.randint(4, 9)))
    published = datetime(2024, 1, 1) + timedelta(minutes=rng.randint(0, 60 * 24 * 700))
    start = date(2026, 1, 1) + timedelta(days=rng.randint(0, 500))
    return {
        "slug": f"synthetic-{n}",
        "title": title[:1].upper() + title[1:],
        "summary": rng.choice(SENTENCES).format(**values),
        "description": description,
        "extra": "",
        "provider": provider,
        "provider_slug": f"provider-{provider_n}",
        "places": [place],
        "postcode": "",
        "type": kind,
        "section": SECTION_FOR_TYPE.get(kind, "job-focused-training"),
        "region": list(dict.fromkeys(regions)),
        "level": _some(rng, taxonomy.LEVELS, 1, 2),
        "audience": _some(rng, taxonomy.AUDIENCES, 1, 3),
        "delivery": _some(rng, taxonomy.DELIVERY_MODES, 1, 2),
        "cost": _some(rng, taxonomy.COSTS, 1, 1),
        "topic": topic_codes,
        "partners": rng.random() < 0.2,
        "availability": "open",
        "published": published.isoformat(),
        "rolling": rng.random() < 0.2,
        "start": start.isoformat(),
    }


def _where(rng: random.Random, doc: dict) -> None:
    """Coverage as real data has it (some national provision England-only or GB-wide), venues at real districts,
    and some planned or ended listings. Drawn after everything else, so the other fields stay as they were."""
    national = rng.random()
    if doc["region"] == ["uk-wide"] and national < 0.5:
        doc["region"] = ["england"] if national < 0.35 else ["great-britain"]
    districts = DISTRICTS_BY_REGION.get(doc["region"][0])
    if districts and rng.random() < VENUE_SHARE:
        district = rng.choice(districts)
        doc["venues"] = [
            {
                "name": f"{district.outcode} campus",
                "postcode": district.outcode,
                "latitude": district.latitude,
                "longitude": district.longitude,
            }
        ]
    doc["availability"] = _pick(rng, AVAILABILITY_WEIGHTS)


def documents(count: int, seed: int = 2026, first_id: int = 1) -> Iterator[tuple[int, str, dict]]:
    rng = random.Random(seed)
    for n in range(first_id, first_id + count):
        doc = document(n, rng)
        _where(rng, doc)
        yield n, doc["published"], doc
