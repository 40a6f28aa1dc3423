"""Property-based: random strings, unicode and oversized values at the listing, profile and reject forms and at
CSV upload. Every answer is 2xx, 3xx or 4xx, and an invalid form comes back holding what was typed."""

import csv
import io

import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from directory import taxonomy
from directory.extensions import db
from directory.listings.models import Listing
from directory.submissions.models import Revision
from directory.submissions.sections import SECTIONS
from tests.accounts.test_forms_fuzz import visible

FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

oversized = st.builds(lambda char, n: char * n, st.characters(exclude_categories=("Cs",)), st.integers(1000, 12000))
anything = st.one_of(
    st.text(max_size=60),
    oversized,
    st.sampled_from(["", " ", "<script>x</script>", "\x00", "ümlaut ✓ 漢字 🧬", "https://x.org"]),
)
code_or_junk = st.one_of(st.sampled_from(taxonomy.REGIONS.codes() + taxonomy.PROVISION_TYPES.codes()), anything)
TEXT_FIELDS = (
    "title",
    "summary",
    "description",
    "cost_details",
    "eligibility",
    "duration",
    "start_info",
    "address",
    "how_to_apply",
    "url",
    "contact_email",
    "contact_phone",
    "partner_details",
    "postcode",
    "entry_requirements",
    "hours_per_week",
    "cost_pounds",
    "start_dates",
)
CODE_FIELDS = ("provision_type", "section", "availability")
LIST_FIELDS = ("regions", "levels", "audiences", "delivery", "costs", "topics", "study_modes", "funding")


@st.composite
def listing_answers(draw):
    data = {name: draw(anything) for name in draw(st.sets(st.sampled_from(TEXT_FIELDS), max_size=8))}
    data.update({name: draw(code_or_junk) for name in draw(st.sets(st.sampled_from(CODE_FIELDS)))})
    lists = draw(st.sets(st.sampled_from(LIST_FIELDS)))
    data.update({name: draw(st.lists(code_or_junk, max_size=4)) for name in lists})
    data["apply_by"] = draw(
        st.lists(st.one_of(st.text(max_size=6), st.integers(-(10**30), 10**30).map(str)), max_size=4)
    )
    data.update(
        {
            name: draw(anything)
            for name in draw(st.sets(st.sampled_from(["places", "outcomes", "rolling", "seeks_partners"])))
        }
    )
    data["action"] = draw(st.sampled_from(["preview", "draft", "", "explode"]))
    return data


def shown(value: str, html: str) -> bool:
    """Whether the page holds the value as the text policy keeps it (NFC, trimmed; one-line boxes turn line
    separators into spaces, text areas into line breaks) or, when the policy refuses it, as typed."""
    forms = {visible(value, one_line=True), visible(value, one_line=False), value.strip()} - {None}
    return any(str(escape(form)) in html for form in forms)


def typed_values_survive(html: str, data: dict, section) -> None:
    """Each text answer of the section's questions is in the page, escaped as the template escapes it."""
    for name in set(TEXT_FIELDS) & set(section.field_names()):
        value = data.get(name)
        if name != "postcode" and isinstance(value, str) and value.strip() and not any(ord(c) < 32 for c in value):
            assert shown(value, html), f"{name} lost: {value[:40]!r}"


@FUZZ
@given(data=listing_answers())
def test_the_listing_form_never_fails_and_keeps_what_was_typed(client, provider, data):
    response = client.post("/dashboard/listings/new", data=data)
    assert response.status_code < 500
    if response.status_code == 200:
        typed_values_survive(response.get_data(as_text=True), data, SECTIONS[0])


@FUZZ
@given(data=listing_answers())
def test_editing_a_published_listing_never_fails(client, make, provider, data):
    listing = db.session.scalar(sa.select(Listing).where(Listing.slug == "fuzz-target"))
    if listing is None:
        listing = make.listing(organisation=provider.organisation, slug="fuzz-target")
    for section in SECTIONS:
        response = client.post(f"/dashboard/listings/{listing.id}/edit/{section.slug}", data=data)
        assert response.status_code < 500
        if response.status_code == 200:
            typed_values_survive(response.get_data(as_text=True), data, section)
    assert client.get(f"/dashboard/listings/{listing.id}/preview").status_code == 200
    assert listing.status == "published"  # the live version is never touched by an edit


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            "name": anything,
            "description": anything,
            "org_type": code_or_junk,
            "website": anything,
            "email": anything,
            "phone": anything,
            "regions": st.lists(code_or_junk, max_size=3),
        },
    )
)
@example(data={"name": "\uf900"})  # a compatibility ideograph: NFC makes it U+8C48, which is what comes back
def test_the_profile_form_never_fails(client, provider, data):
    response = client.post("/dashboard/organisation", data=data)
    assert response.status_code < 500
    if response.status_code == 200:
        html = response.get_data(as_text=True)
        for name in ("name", "website", "email"):
            value = data.get(name)
            if value and value.strip() and not any(ord(c) < 32 for c in value):
                assert shown(value, html), f"{name} lost: {value[:40]!r}"


@FUZZ
@given(reason=anything, decision=st.sampled_from(["reject", "approve", "", "other"]))
def test_the_reject_form_never_fails(client, make, sign_in, moderator, reason, decision):
    listing = make.listing(status="pending")
    revision = Revision(
        listing_id=listing.id,
        organisation_id=listing.organisation_id,
        kind="new",
        state="pending",
        data=listing.snapshot(),
    )
    db.session.add(revision)
    db.session.commit()
    sign_in(moderator)
    response = client.post(f"/moderation/revisions/{revision.id}", data={"decision": decision, "reason": reason})
    assert response.status_code < 500
    if response.status_code == 200 and reason.strip() and not any(ord(c) < 32 for c in reason):
        assert shown(reason, response.get_data(as_text=True))


COLUMNS = [
    "slug",
    "title",
    "summary",
    "description",
    "provision_type",
    "section",
    "regions",
    "next_start_date",
    "rolling",
    "junk",
]


@st.composite
def csv_files(draw):
    if draw(st.booleans()):
        return draw(st.binary(max_size=300))
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=6, unique=True))
    rows = draw(
        st.lists(
            st.lists(st.one_of(st.text(max_size=30), code_or_junk), min_size=len(header), max_size=len(header) + 1),
            max_size=5,
        )
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
    return out.getvalue().encode(encoding, errors="replace")


@FUZZ
@given(content=csv_files())
def test_csv_upload_never_fails_and_saves_all_or_nothing(client, provider, content):
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Revision))
    response = client.post(
        "/dashboard/upload", data={"file": (io.BytesIO(content), "fuzz.csv")}, content_type="multipart/form-data"
    )
    assert response.status_code == 200
    after = db.session.scalar(sa.select(sa.func.count()).select_from(Revision))
    if "Your file has been uploaded" not in response.get_data(as_text=True):
        assert after == before


PATHS = [
    "/dashboard/listings/{}/edit",
    "/dashboard/listings/{}/preview",
    "/dashboard/listings/{}/archive",
    "/moderation/revisions/{}",
    "/moderation/listings/{}/history",
    "/moderation/organisations/{}/history",
    "/dashboard/{}",
    "/moderation/{}",
    "/dashboard/listings/{}/submit",
    "/moderation/history{}",
]


@FUZZ
@given(
    path=st.sampled_from(PATHS),
    segment=st.one_of(st.integers(-(10**20), 10**20).map(str), st.text(max_size=40)),
    query=st.dictionaries(st.sampled_from(["show", "page", "next", "id", "slug"]), st.text(max_size=20), max_size=2),
    as_moderator=st.booleans(),
)
def test_no_url_on_these_pages_gives_a_server_error(
    client, provider, make, sign_in, moderator, path, segment, query, as_moderator
):
    sign_in(moderator if as_moderator else provider)
    from urllib.parse import quote

    response = client.get(path.format(quote(segment, safe="")), query_string=query)
    assert response.status_code < 500
