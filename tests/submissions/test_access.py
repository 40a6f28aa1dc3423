"""A provider can never see or change another organisation's drafts, revisions or listings: we try, and fail."""

import pytest
import sqlalchemy as sa

from directory.extensions import db
from directory.listings.models import Listing
from directory.submissions.models import Revision


@pytest.fixture
def theirs(make, answers):
    """Another organisation's published listing with a pending edit, and its draft."""
    other = make.organisation(name="Rival College")
    published = make.listing(organisation=other, slug="rival-course", title="Rival course")
    draft = make.listing(organisation=other, slug="rival-draft", title="Rival draft", status="draft")
    revision = Revision(
        listing_id=published.id,
        organisation_id=other.id,
        kind="edit",
        state="pending",
        data=dict(published.snapshot(), title="Rival course renamed"),
    )
    db.session.add(revision)
    db.session.commit()
    return {"published": published, "draft": draft, "revision": revision}


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/dashboard/listings/{id}/edit"),
        ("get", "/dashboard/listings/{id}/edit/when"),
        ("post", "/dashboard/listings/{id}/edit/about"),
        ("post", "/dashboard/listings/{id}/edit/when"),
        ("get", "/dashboard/listings/{id}/preview"),
        ("post", "/dashboard/listings/{id}/submit"),
        ("post", "/dashboard/listings/{id}/withdraw"),
        ("get", "/dashboard/listings/{id}/archive"),
        ("post", "/dashboard/listings/{id}/archive"),
        ("post", "/dashboard/listings/{id}/availability"),
        ("post", "/dashboard/listings/{id}/confirm"),
    ],
)
@pytest.mark.parametrize("which", ["published", "draft"])
def test_another_organisations_listing_is_not_found(client, provider, theirs, answers, method, path, which):
    target = theirs[which]
    before = (target.title, target.status, target.availability, target.last_verified_at)
    response = getattr(client, method)(path.format(id=target.id), data=dict(answers, availability="ended"))
    assert response.status_code == 404
    assert "Rival" not in response.get_data(as_text=True)
    db.session.refresh(target)
    assert (target.title, target.status, target.availability, target.last_verified_at) == before
    assert theirs["revision"].state == "pending"


def test_a_listing_id_that_does_not_exist_looks_the_same(client, provider):
    assert client.get("/dashboard/listings/999999/edit").status_code == 404
    assert client.get("/dashboard/listings/abc/edit").status_code == 404


def test_the_dashboard_shows_only_their_own_listings(pages, provider, theirs, make):
    make.listing(organisation=provider.organisation, title="Our course")
    page = pages.get("/dashboard")
    assert "Our course" in page.text and "Rival" not in page.text


def test_hidden_organisation_fields_are_ignored(client, provider, theirs, answers):
    rival_id = theirs["published"].organisation_id
    client.post(
        "/dashboard/listings/new",
        data=dict(
            answers,
            organisation_id=rival_id,
            organisation=rival_id,
            status="published",
            slug="rival-course",
            id=theirs["draft"].id,
        ),
    )
    mine = db.session.scalars(sa.select(Listing).where(Listing.title == answers["title"])).one()
    assert mine.organisation_id == provider.organisation_id
    assert mine.status == "draft" and mine.slug != "rival-course" and mine.id != theirs["draft"].id
    assert theirs["draft"].title == "Rival draft"


def test_bulk_submit_ignores_other_organisations_ids(client, provider, theirs):
    theirs["draft"].status = "draft"
    db.session.add(
        Revision(
            listing_id=theirs["draft"].id,
            organisation_id=theirs["draft"].organisation_id,
            kind="new",
            state="draft",
            data=theirs["draft"].snapshot(),
        )
    )
    db.session.commit()
    client.post("/dashboard/upload/submit", data={"listing_id": [str(theirs["draft"].id), "junk", "9" * 40]})
    assert theirs["draft"].status == "draft"


def test_a_csv_row_cannot_edit_another_organisations_listing(client, provider, theirs):
    from io import BytesIO

    content = b"slug,title\nrival-course,Hijacked\n"
    response = client.post(
        "/dashboard/upload", data={"file": (BytesIO(content), "mine.csv")}, content_type="multipart/form-data"
    )
    assert response.status_code == 200
    assert "None of your listings has the slug" in response.get_data(as_text=True)
    assert theirs["published"].title == "Rival course"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Revision)) == 1


def test_anonymous_people_are_refused(client, theirs):
    for path in (
        "/dashboard",
        "/dashboard/listings/new",
        f"/dashboard/listings/{theirs['draft'].id}/edit",
        "/dashboard/upload",
        "/moderation",
        f"/moderation/revisions/{theirs['revision'].id}",
    ):
        response = client.get(path)
        assert response.status_code in (302, 401), path
        if response.status_code == 302:
            assert "sign-in" in response.headers["Location"] or "sign_in" in response.headers["Location"]


def test_providers_cannot_moderate(client, provider, theirs):
    revision = theirs["revision"]
    assert client.get("/moderation").status_code == 403
    assert client.get(f"/moderation/revisions/{revision.id}").status_code == 403
    assert client.post(f"/moderation/revisions/{revision.id}", data={"decision": "approve"}).status_code == 403
    assert client.get(f"/moderation/listings/{theirs['published'].id}/history").status_code == 403
    assert client.post(f"/moderation/listings/{theirs['published'].id}/verify").status_code == 403
    assert revision.state == "pending" and theirs["published"].title == "Rival course"
