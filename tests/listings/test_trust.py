"""Listings a resident can trust: source dates, confirmation, honest availability, sector initiatives, redirects."""

from datetime import datetime

from directory import clock, taxonomy
from directory.extensions import db
from directory.listings.models import Listing, SlugRedirect


def test_a_seeded_listing_says_its_source_and_date_and_never_its_load_date(pages, make):
    make.listing(
        slug="seeded", source="jobs-plan-case-studies", source_section="Scotland", availability="not-confirmed"
    )
    text = pages.get("/listings/seeded").text
    assert "From Life Sciences Jobs Plan: place-based case studies (May 2026), section \u201cScotland\u201d." in text
    assert "Not yet confirmed by the provider." in text
    assert "Status Not confirmed" in text
    assert "Listed on" not in text and f"{clock.now():%B %Y}" not in text.split("Status")[0]


def test_a_confirmed_listing_says_when_the_provider_confirmed_it(pages, make, monkeypatch):
    from directory.listings.services import verify

    listing = make.listing(slug="confirmed", source="medcity-directory")
    member = make.user(organisation=listing.organisation)
    monkeypatch.setattr("directory.clock.now", lambda: datetime(2026, 11, 2, 10))
    verify(listing, actor=member)  # the dashboard's "still accurate", by someone from the organisation
    text = pages.get("/listings/confirmed").text
    assert "Confirmed by the provider on 2 November 2026." in text
    assert "Not yet confirmed" not in text and "may be out of date" not in text


def test_an_evidenced_status_shows_its_sentence_and_date(pages, make):
    make.listing(
        slug="evidenced",
        source="jobs-plan-case-studies",
        availability="open",
        availability_as_of=datetime(2026, 5, 1).date(),
        availability_evidence="It delivers courses.",
    )
    text = pages.get("/listings/evidenced").text
    assert "Running (the source said so in May 2026)" in text
    assert "\u201cIt delivers courses.\u201d" in text


def test_freshness_runs_from_the_source_date_until_the_provider_confirms(make, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 11, 30, 12))
    seeded_2023 = make.listing(source="medcity-directory", published_at=datetime(2026, 11, 29))
    seeded_2026 = make.listing(source="jobs-plan-case-studies", published_at=datetime(2026, 11, 29))
    assert seeded_2023.verified_since == datetime(2023, 1, 1)
    assert seeded_2023.is_stale() and not seeded_2023.is_searchable()
    assert not seeded_2026.needs_verification()
    seeded_2023.last_verified_at = datetime(2026, 11, 1)
    assert not seeded_2023.needs_verification() and seeded_2023.is_searchable()
    from_provider = make.listing(source="provider", published_at=datetime(2025, 11, 1))
    assert from_provider.verified_since == datetime(2025, 11, 1) and from_provider.needs_verification()


def test_the_reminder_query_uses_the_source_date(make, monkeypatch):
    from directory.freshness.services import listings_needing_verification

    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 11, 30, 12))
    old = make.listing(source="sector-plan", published_at=datetime(2026, 11, 29))
    new = make.listing(source="jobs-plan-case-studies", published_at=datetime(2026, 11, 29))
    found = {listing.id for listings in listings_needing_verification().values() for listing in listings}
    assert old.id in found and new.id not in found


def test_an_initiative_has_no_how_to_take_part_and_is_labelled(pages, make):
    make.listing(slug="board", kind="initiative", provision_type="employer-network", title="Skills board")
    make.listing(slug="course", title="A course")
    board = pages.get("/listings/board").text
    assert "Sector initiative" in board and "How to take part" not in board
    assert "How to take part" in pages.get("/listings/course").text


def test_region_and_provider_pages_list_initiatives_apart_and_do_not_count_them(pages, make):
    organisation = make.organisation(name="Wales Hub")
    make.listing(organisation=organisation, region="wales", title="Innovation directory", kind="initiative")
    make.listing(organisation=organisation, region="wales", title="Lab course")
    from directory.listings.indexing import reconcile

    reconcile()  # region pages list and count what search holds
    region = pages.get("/regions/wales").text
    assert "1 listing specific to Wales" in region
    provision, initiatives = region.split("Sector initiatives", 1)
    assert "Lab course" in provision and "Innovation directory" not in provision
    assert "Innovation directory" in initiatives
    provider = pages.get(f"/providers/{organisation.slug}").text
    assert "1 listing." in provider and "Innovation directory" in provider.split("Sector initiatives", 1)[1]


def test_search_leaves_initiatives_out_unless_asked(app, client, make):
    from directory.listings.indexing import reconcile

    make.listing(title="Genomics strategy board", kind="initiative")
    make.listing(title="Genomics short course")
    reconcile()
    default = client.get("/search?q=genomics").get_data(as_text=True)
    assert "Genomics short course" in default and "Genomics strategy board" not in default
    assert "Include sector initiatives" in default
    asked = client.get("/search?q=genomics&kind=initiative").get_data(as_text=True)
    assert "Genomics strategy board" in asked and "Genomics short course" in asked


def test_a_merged_slug_redirects_permanently_to_the_kept_listing(client, make):
    kept = make.listing(slug="kept")
    db.session.add(SlugRedirect(old_slug="retired", listing_id=kept.id))
    db.session.commit()
    response = client.get("/listings/retired")
    assert response.status_code == 301 and response.headers["Location"].endswith("/listings/kept")
    assert client.get("/listings/never-existed").status_code == 404


def test_not_confirmed_is_an_availability_the_api_does_not_call_active():
    from directory.api.oruk import STATUS_BY_AVAILABILITY

    assert "not-confirmed" in taxonomy.AVAILABILITY
    assert STATUS_BY_AVAILABILITY["not-confirmed"] == "inactive"


def test_every_seed_source_has_a_date_and_says_how_it_was_found():
    for term in taxonomy.SOURCES:
        if term.code == "provider":
            continue
        dated = taxonomy.source_date(term.code)
        assert dated is not None and dated.shown in dated.how_found, term.code
    assert taxonomy.source_date("jobs-plan-case-studies").on > taxonomy.source_date("sector-plan").on


def test_a_listing_defaults_to_provision(make):
    assert make.listing().kind == "provision" and db.session.get(Listing, make.listing().id).kind == "provision"
