"""The listing fields, one declaration each: the table the model's columns, the provider's form, the listing page,
the search document, the CSV upload and downloads and the Open Referral API all read. See docs/listing-fields.md.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from directory import taxonomy

# What a field holds. Text kinds are one string; "url", "email", "phone" and "postcode" are text with a format the
# form checks (and the API cleans). "lines" is a list of short texts, "code"/"codes" one or several codes of the
# field's vocabulary, "dates" ISO dates, "number"/"pounds" a float, "venues" up to three {name, address, postcode}.
TEXT_KINDS = ("text", "url", "email", "phone", "postcode")
KINDS = (*TEXT_KINDS, "lines", "code", "codes", "bool", "date", "dates", "number", "pounds", "venues")
# Where the listing page shows a field: a row of the summary list at the top ("facts") or of "Dates, study and
# cost" ("course"); the other places are written out in templates/listings/ (the heading, "About this ...",
# "How to take part", "What it has achieved", "For employers").
PAGE_PARTS = ("facts", "course", "heading", "about", "take-part", "achievements", "employers")


@dataclass(frozen=True)
class Field:
    name: str                   # the Listing attribute, the key in a revision's data and the CSV upload's column
    label: str                  # short name: the moderator's view, the CSV column guide, upload messages
    kind: str                   # one of KINDS
    section: str                # the task-list section (submissions/sections.py) whose page asks it
    question: str = ""          # the form's label, when not `label`; " (optional)" is added unless required
    hint: str = ""              # the form's hint under the question
    vocabulary: taxonomy.Vocabulary | None = None    # code and codes
    required: str = ""          # needed before review: what "Enter …" or "Select …" names when it is missing
    choose: str = ""            # code and codes: what "Select … from the list" names, for a code not in it
    limit: int | None = None    # text: most characters (also the column's size); lines: per item; code: column size
    area: bool = False          # text: a box several lines high
    thing: str = ""             # lines: what the items are called in messages ("Enter 20 places or fewer")
    bounds: tuple[float, float] = (0, 0)             # number and pounds: lowest and highest allowed
    like: str = ""              # number and pounds: the example in messages ("… must be a number, like 16")
    unit: str = ""              # number: words after it on the listing page ("7.5 hours a week")
    default: str | None = None  # code: the value a new listing has
    page: str = ""              # where the listing page shows it (PAGE_PARTS), "" when it does not
    row: str = ""               # facts and course: the row's question, when not `label`; fields sharing one join
    search: str = ""            # the search document key it fills; "words": its text is searched; "" not at all
    export: str = ""            # its column in the CSV and JSON downloads, "" when not there
    oruk: tuple[str, ...] = ()  # where Open Referral UK output carries it (api/oruk.py); () is "not mapped"
    example: str = ""           # the CSV template's example cell

    @property
    def form_label(self) -> str:
        question = self.question or self.label
        return question if self.required or self.kind == "bool" else f"{question} (optional)"

    @property
    def row_label(self) -> str:
        return self.row or self.label


WEB_HINT = "For example, www.example.org/course. You can leave out the https:// part."

FIELDS: tuple[Field, ...] = (
    Field("title", "Title", "text", "about", required="the title", limit=200, page="heading", search="title",
          export="title", oruk=("service.name",), example="Laboratory technician apprenticeship (Level 3)",
          hint="The name people will search for, like 'Laboratory technician apprenticeship (Level 3)'."),
    Field("summary", "Summary", "text", "about", required="a summary", limit=300, area=True, page="heading",
          hint="One or two sentences shown in search results. 300 characters or fewer.", search="summary",
          export="summary", oruk=("service.description",), example="Earn a wage while you train in a lab."),
    Field("description", "Description", "text", "about", required="a description", limit=10000, area=True,
          hint="What people will do and learn, and what they can go on to do. Leave a blank line between paragraphs.",
          page="about", search="description", oruk=("service.description",),
          example="A two-year apprenticeship in a working laboratory."),
    Field("provision_type", "Type of provision", "code", "about", vocabulary=taxonomy.PROVISION_TYPES,
          required="the type of provision", choose="a type of provision", page="facts", row="Type", search="type",
          export="type", oruk=("attributes",), example="apprenticeship"),
    Field("section", "Directory section", "code", "about", vocabulary=taxonomy.SECTIONS,
          required="the directory section", choose="a section", search="section", export="section",
          hint="The directory is arranged in three sections, as in MedCity's directory of resources. People can "
               "browse one section at a time, so choose the one that fits best.",
          oruk=("attributes",), example="job-focused-training"),
    Field("regions", "Regions", "codes", "where", vocabulary=taxonomy.REGIONS, required="region", choose="regions",
          hint="Where it runs or who it serves. Choose UK-wide if anyone in the UK can take part.", page="facts",
          row="Where", search="region", export="regions", oruk=("service_areas",), example="london;south-east"),
    Field("places", "Towns, cities or boroughs", "lines", "where", limit=100, thing="places",
          hint="One per line, like 'Camden' or 'Stevenage'.", page="facts", row="Where", search="places",
          export="places", oruk=("service_areas", "service_at_locations"), example="Camden|Slough"),
    Field("levels", "Qualification levels", "codes", "who", vocabulary=taxonomy.LEVELS, choose="levels",
          page="facts", row="Level", search="level", export="levels", oruk=("attributes",), example="level-3"),
    Field("audiences", "Who it is for", "codes", "who", vocabulary=taxonomy.AUDIENCES, choose="who it is for",
          page="facts", search="audience", export="audiences", oruk=("attributes",), example="age-16-18;adults"),
    Field("delivery", "How it is delivered", "codes", "when", vocabulary=taxonomy.DELIVERY_MODES,
          choose="how it is delivered", page="facts", search="delivery", export="delivery",
          oruk=("attributes", "service_at_locations"), example="workplace"),
    Field("costs", "Cost", "codes", "cost", vocabulary=taxonomy.COSTS, choose="the cost", page="facts",
          search="cost", export="cost", oruk=("service.fees", "cost_options"), example="salaried"),
    Field("cost_details", "Cost details", "text", "cost", limit=2000, area=True, page="facts", row="Cost",
          hint="For example, who pays, or who qualifies for the funding.", search="words", export="cost_details",
          oruk=("service.fees", "cost_options")),
    Field("topics", "Sector topics", "codes", "who", vocabulary=taxonomy.TOPICS, choose="topics", page="facts",
          row="Sector", search="topic", export="topics", oruk=("attributes",), example="laboratory-science"),
    Field("eligibility", "Who can apply", "text", "who", limit=2000, area=True, page="facts",
          hint="Age, where people live, or their circumstances.", search="words", export="eligibility"),
    Field("entry_requirements", "Entry requirements", "text", "who", limit=2000, area=True, page="course",
          hint="Qualifications or experience needed, like 'GCSE maths and English at grade 4'. "
               "Say 'None' if there are none.", export="entry_requirements",
          example="GCSE maths and English at grade 4"),
    Field("duration", "How long it takes", "text", "when", limit=200, hint="For example, '18 months'.",
          page="course", search="words", export="duration", example="2 years"),
    Field("start_info", "When it starts", "text", "when", question="When it starts, in your words", limit=300,
          hint="For example, 'Every September and January'.", page="course", row="Start dates", export="starts",
          oruk=("schedules",), example="Every September"),
    Field("rolling", "People can start at any time", "bool", "when", page="course", row="Start dates",
          search="rolling", export="starts", oruk=("schedules",), example="no"),
    Field("start_dates", "Start dates", "dates", "when", page="course", search="starts", export="start_dates",
          hint="One date per line, like 7 9 2027. Leave empty if people can start at any time or the dates are "
               "not set yet.", oruk=("schedules",)),
    Field("apply_by", "Apply by", "date", "when", hint="The last day to apply for the next start, for example "
          "31 7 2027.", page="course", export="apply_by", oruk=("schedules",)),
    Field("study_modes", "Study mode", "codes", "when", vocabulary=taxonomy.STUDY_MODES, choose="study modes",
          page="course", search="study_mode", export="study_modes", oruk=("attributes", "schedules"),
          example="full-time"),
    Field("hours_per_week", "Hours per week", "number", "when", bounds=(0.5, 60), like="16", unit="hours a week",
          hint="Roughly how many hours a week someone spends on it, like 16 or 7.5.", page="course",
          export="hours_per_week", oruk=("schedules",), example="37.5"),
    Field("cost_pounds", "Cost in pounds", "pounds", "cost", bounds=(0, 100000), like="1250 or 1250.50",
          hint="The full price for one person before any funding. Enter 0 if it is free for everyone.",
          page="course", row="Price", export="cost_pounds", oruk=("cost_options",), example="0"),
    Field("funding", "Funding available", "codes", "cost", vocabulary=taxonomy.FUNDING, choose="funding",
          page="course", export="funding", oruk=("attributes", "cost_options"), example="employer-paid"),
    Field("postcode", "Postcode", "postcode", "where", hint="Where it takes place, if it has one main venue.",
          page="facts", row="Address", search="places", export="postcode", oruk=("service_at_locations",)),
    Field("address", "Address", "text", "where", limit=300, page="facts", export="address",
          oruk=("service_at_locations",)),
    Field("venues", "Venues", "venues", "where", page="facts", search="venues"),
    Field("how_to_apply", "How to apply", "text", "take-part", limit=2000, area=True, page="take-part",
          export="how_to_apply"),
    Field("url", "Web page", "url", "take-part", limit=500, hint=WEB_HINT, page="take-part", export="website",
          oruk=("service.url",), example="www.example.org/apprenticeship"),
    Field("contact_email", "Contact email address", "email", "take-part", limit=254, page="take-part",
          export="email", oruk=("service.email",)),
    Field("contact_phone", "Contact telephone number", "phone", "take-part", limit=40, page="take-part",
          export="telephone"),
    Field("outcomes", "What it has achieved", "lines", "results", limit=300, thing="achievements",
          hint="Facts, one per line, like '145 residents placed in jobs in 2021 to 2022'.", page="achievements",
          search="words"),
    Field("seeks_partners", "Looking for employer partners", "bool", "results", page="employers",
          question="We are looking for employers to get involved", search="partners", example="no"),
    Field("partner_details", "How employers can get involved", "text", "results", limit=2000, area=True,
          page="employers", search="words"),
    Field("availability", "Availability", "code", "when", vocabulary=taxonomy.AVAILABILITY,
          required="availability", choose="availability", limit=30, default="open", page="facts", row="Status",
          search="availability", export="status", oruk=("service.status",), example="open"),
)

BY_NAME = {spec.name: spec for spec in FIELDS}

ORGANISATION_LABELS = {
    "name": "Organisation name", "description": "About the organisation", "org_type": "Type of organisation",
    "website": "Website", "email": "Email address", "phone": "Telephone number", "regions": "Regions served",
}


def label(name: str) -> str:
    spec = BY_NAME.get(name)
    return spec.label if spec else ORGANISATION_LABELS.get(name, name.replace("_", " ").capitalize())


def display(name: str, value) -> str:
    """A stored value as a person reads it: vocabulary labels, 'Yes'/'No', one line per item, dates in words."""
    spec = BY_NAME.get(name)
    if value in (None, "", []):
        return ""
    if spec is None:
        if name == "regions" or name == "org_type":
            vocabulary = taxonomy.REGIONS if name == "regions" else taxonomy.ORGANISATION_TYPES
            return _codes(value, vocabulary)
        return str(value)
    if spec.kind in ("code", "codes"):
        return _codes(value, spec.vocabulary)
    if spec.kind == "bool":
        return "Yes" if value else "No"
    if spec.kind == "lines":
        return "\n".join(str(item) for item in value)
    if spec.kind == "date":
        return _day(value)
    if spec.kind == "dates":
        return "\n".join(_day(item) for item in value)
    if spec.kind == "pounds":
        return pounds(value)
    if spec.kind == "venues":
        return "\n".join(venue_line(venue) for venue in value)
    if spec.kind == "number":
        return f"{value:g}" if isinstance(value, (int, float)) else str(value)
    return str(value)


def venue_line(venue: dict) -> str:
    """{'name': 'Lab', 'address': '1 Road', 'postcode': 'M1 1AE'} -> 'Lab, 1 Road, M1 1AE' (empty parts left out)."""
    return ", ".join(str(venue.get(part)) for part in ("name", "address", "postcode") if venue.get(part))


def _day(value) -> str:
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{day.day} {day:%B %Y}"


def pounds(value) -> str:
    """1250 -> '£1,250', 1250.5 -> '£1,250.50', 0 -> '£0'."""
    if not isinstance(value, (int, float)):
        return str(value)
    return f"£{value:,.0f}" if float(value).is_integer() else f"£{value:,.2f}"


def _codes(value, vocabulary) -> str:
    codes = value if isinstance(value, list) else [value]
    return "\n".join(vocabulary.label_for(code) for code in codes)


def ordered(names: tuple[str, ...], items, name=lambda item: item.name) -> list:
    """`items` with those `names` names first, in that order, and the rest after in their own order: how a page
    keeps its arrangement while a field added to the table still appears on it."""
    position = {known: n for n, known in enumerate(names)}
    return sorted(items, key=lambda item: position.get(name(item), len(names)))
