"""How people describe what they want, in their own words, and what each phrase means in the directory's terms.

Data beside the vocabulary (directory/taxonomy.py), read by search's query parsing. A phrase can mean:
- other words (`means`): a listing matches when it says any one of them ("biotech" finds "biotechnology");
- facet values (`facets`): applied as a filter unless the person chose values of that facet themselves, and
  said on the results page (`shown_as`) with a link to search without the phrase.
Checked against the vocabulary when this module is imported, so a renamed code fails at start-up and in tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from directory import taxonomy


@dataclass(frozen=True)
class Phrase:
    says: tuple[str, ...]  # what people type, lower case, whole words
    means: tuple[str, ...] = ()  # alternative keywords, any one of which a listing must say
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    shown_as: str = ""  # completes "Showing …" when facets apply


PHRASES: tuple[Phrase, ...] = (
    Phrase(
        says=("lab tech", "lab techs", "lab technician", "lab technicians", "laboratory tech", "lab technologist"),
        means=("laboratory technician", "laboratory technologist"),
    ),
    Phrase(says=("biotech", "biotechs", "bio tech"), means=("biotech", "biotechnology", "bioscience", "biosciences")),
    Phrase(
        says=(
            "career change",
            "career changer",
            "career changers",
            "change career",
            "change careers",
            "changing career",
            "changing careers",
            "switch career",
            "switching career",
            "new career",
        ),
        facets={"audience": ("career-changers",)},
        shown_as="provision for career changers",
    ),
    Phrase(
        says=("retrain", "retraining", "re-train", "re-training"),
        facets={"audience": ("career-changers", "adults")},
        shown_as="provision for career changers and adults",
    ),
    Phrase(
        says=("returner", "returners", "return to work", "returning to work", "career break"),
        means=("returner", "return to work", "returning to work", "career break", "returners"),
    ),
    Phrase(
        says=(
            "school leaver",
            "school leavers",
            "leaving school",
            "left school",
            "after gcses",
            "after my gcses",
            "after a levels",
            "after my a levels",
        ),
        facets={"audience": ("age-16-18", "young-people-18-24")},
        shown_as="provision for young people aged 16 to 24",
    ),
    Phrase(
        says=(
            "how to get into science",
            "how do i get into science",
            "how can i get into science",
            "get into science",
            "getting into science",
            "how to get into life sciences",
            "get into life sciences",
            "getting into life sciences",
            "career in science",
            "careers in science",
            "how to work in science",
            "work in science",
            "jobs in science",
            "science careers",
        ),
        facets={"type": ("careers-guidance", "work-experience", "apprenticeship", "employment-support")},
        shown_as="ways into science: careers guidance, work experience, apprenticeships and employment support",
    ),
    Phrase(
        says=("part time", "parttime", "flexible hours", "flexible study"),
        means=("part time", "flexible", "evening", "weekend"),
    ),
    Phrase(
        says=(
            "evening",
            "evenings",
            "evening class",
            "evening classes",
            "evening course",
            "evening courses",
            "night class",
            "night classes",
            "after work",
        ),
        means=("evening", "night"),
    ),
    Phrase(
        says=("free", "for free", "free of charge", "no cost", "no fee", "no fees", "costs nothing"),
        facets={"cost": ("free", "funded")},
        shown_as="provision that is free, or funded for people who are eligible",
    ),
    Phrase(
        says=(
            "paid while you learn",
            "paid while learning",
            "get paid to learn",
            "earn while you learn",
            "earn while learning",
            "earn and learn",
            "learn and earn",
            "paid training",
        ),
        facets={"cost": ("salaried",)},
        shown_as="paid jobs with training, such as apprenticeships",
    ),
)

FACET_VOCABULARIES = {name: vocabulary for name, vocabulary in taxonomy.LISTING_FACETS.items() if name != "region"}
_WORDS = re.compile(r"[a-z0-9]+(?:[ -][a-z0-9]+)*")


def validate(phrases: tuple[Phrase, ...]) -> None:
    """Raise ValueError when a phrase is malformed, repeats another's wording or names an unknown facet value."""
    seen: set[str] = set()
    for phrase in phrases:
        if not phrase.says or not (phrase.means or phrase.facets):
            raise ValueError(f"phrase {phrase.says!r} must say something and mean words or facet values")
        if phrase.facets and not phrase.shown_as:
            raise ValueError(f"phrase {phrase.says[0]!r} has facets but no shown_as")
        for text in phrase.says + phrase.means:
            if not _WORDS.fullmatch(text):
                raise ValueError(f"phrase text {text!r} must be lower-case words")
        for text in phrase.says:
            if key(text) in seen:
                raise ValueError(f"phrase {text!r} is listed twice")
            seen.add(key(text))
        for name, codes in phrase.facets.items():
            vocabulary = FACET_VOCABULARIES.get(name)
            if vocabulary is None or not codes or any(code not in vocabulary for code in codes):
                raise ValueError(f"phrase {phrase.says[0]!r}: unknown facet value in {name}={codes!r}")


def key(text: str) -> str:
    """Phrases compare with hyphens and spaces alike ("part-time" is "part time")."""
    return " ".join(text.replace("-", " ").split())


validate(PHRASES)
