"""The listing form as a GOV.UK task list: its sections, each a short page with its own group of questions.

A section is a slug, a title and the form class holding its questions (made in forms.py from the fields the table
gives that section). The task list's statuses and the preview's list of what is missing are worked out here from a
snapshot, so the views only render them.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from directory.forms import field_anchor
from directory.listings import fields
from directory.submissions import forms


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    form_class: type
    intro: str = ""

    def field_names(self) -> list[str]:
        return [name for name, value in vars_of(self.form_class) if hasattr(value, "field_class")]

    def answer_names(self) -> list[str]:
        """The snapshot keys this section's questions answer (its three venues' boxes all answer 'venues')."""
        return list(dict.fromkeys(forms.answer_name(name) for name in self.field_names()))

    @property
    def required(self) -> list[str]:
        return [name for name in self.field_names() if name in forms.REQUIRED_FOR_SUBMIT]


def vars_of(form_class) -> list[tuple[str, object]]:
    """The class attributes of a form class and its field groups, in declaration order."""
    seen: dict[str, object] = {}
    for klass in reversed(form_class.__mro__):
        seen.update(vars(klass))
    return list(seen.items())


SECTIONS: tuple[Section, ...] = (
    Section("about", "About the provision", forms.section_form("about")),
    Section("where", "Where it runs", forms.section_form("where")),
    Section("who", "Who it is for and entry requirements", forms.section_form("who")),
    Section("when", "Dates, hours and study mode", forms.section_form("when")),
    Section("cost", "Cost and funding", forms.section_form("cost")),
    Section("take-part", "How to take part", forms.section_form("take-part")),
    Section("results", "Results and employers", forms.section_form("results")),
)
assert [section.slug for section in SECTIONS] == list(forms.QUESTION_ORDER), "one page per section, in order"
BY_SLUG = {section.slug: section for section in SECTIONS}


def _answered(data: dict, name: str) -> bool:
    return data.get(name) not in (None, "", [], False)


def status(section: Section, data: dict, found: dict[str, list[str]]) -> str:
    """'completed', 'incomplete' or 'not-started' for one section of a snapshot, given its problems."""
    if not any(
        _answered(data, name) for name in section.answer_names() if fields.BY_NAME[name].default is None
    ):  # a default is no sign of having started
        return "not-started"
    return "incomplete" if any(name in found for name in section.field_names()) else "completed"


STATUS_TAGS = {
    "completed": {"text": "Completed"},
    "incomplete": {"text": "Incomplete", "classes": "govuk-tag--blue"},
    "not-started": {"text": "Not yet started", "classes": "govuk-tag--grey"},
}


VENUES_HINT = "Optional. Up to 3 places where people go to take part, each with its postcode."


def field_groups(form) -> list[dict]:
    """The form's questions as the page shows them: one group per question, except that each venue's name,
    address and postcode share a fieldset with the legend 'Venue N'."""
    groups: list[dict] = []
    for field in form:
        if field.type == "CSRFTokenField":
            continue
        number = forms.venue_number(field.name)
        if number is not None and groups and groups[-1]["legend"] == f"Venue {number}":
            groups[-1]["fields"].append(field)
            continue
        groups.append(
            {
                "legend": f"Venue {number}" if number else "",
                "fields": [field],
                "hint": VENUES_HINT if number == 1 else "",
            }
        )
    return groups


def task_list(listing_id: int, data: dict, found: dict[str, list[str]]) -> list[dict]:
    """govukTaskList items: one per section, linking to its page, with its status and whether it is required."""
    items = []
    for section in SECTIONS:
        state = status(section, data, found)
        items.append(
            {
                "title": {"text": section.title},
                "href": url_for("submissions.edit_section", listing_id=listing_id, section_slug=section.slug),
                "hint": {"text": "Required before you submit" if section.required else "Optional"},
                "status": {"tag": STATUS_TAGS[state]} if state != "completed" else {"text": "Completed"},
            }
        )
    return items


def missing(listing_id: int, found: dict[str, list[str]]) -> list[dict]:
    """What stops a snapshot going to review, one item per message, in the order of the sections' questions,
    each linking to its question on its section's page."""
    items = []
    probe = forms.ListingForm(meta={"csrf": False})
    for section in SECTIONS:
        for name in section.field_names():
            for message in found.get(name, []):
                href = url_for("submissions.edit_section", listing_id=listing_id, section_slug=section.slug, check=1)
                items.append({"text": message, "section": section.title, "href": f"{href}#{field_anchor(probe[name])}"})
    return items
