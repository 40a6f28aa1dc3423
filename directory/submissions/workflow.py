"""A provider's listing from first draft to review: create, save, submit, withdraw, archive, close and reopen.

A listing that has never been published keeps its working copy on the Listing row itself (status draft, pending or
rejected) and in a Revision of kind "new". A published listing is never changed by its provider directly: their
edit is a Revision of kind "edit" holding the proposed snapshot while the published version stays live, until a
moderator approves it (directory.moderation.decisions). Every function commits through `commit_and_announce`, so
search follows, and records what changed with `record()`.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from directory import clock, taxonomy
from directory.audit import record
from directory.extensions import db
from directory.listings import services
from directory.listings.models import Listing, Organisation, organisation_name_key
from directory.listings.slugs import add_with_unique_slug
from directory.submissions import identity
from directory.submissions.forms import problems
from directory.submissions.models import Revision

OPEN_STATES = ("draft", "pending")
UNPUBLISHED = (taxonomy.DRAFT, taxonomy.PENDING, taxonomy.REJECTED)  # listing statuses


class WorkflowError(Exception):
    """The action does not fit the listing's state (e.g. submitting something already under review)."""


class NameTaken(WorkflowError):
    """Another organisation already has this name (after normalisation)."""


NAME_TAKEN = "Another organisation in the directory already has this name: enter your organisation’s own name"


class Incomplete(WorkflowError):
    def __init__(self, problems: dict[str, list[str]]):
        super().__init__("The listing is not ready for review")
        self.problems = problems


# --- reading -----------------------------------------------------------------------------------------------------


def is_new(listing: Listing) -> bool:
    """Never published: the provider's working copy lives on the listing itself."""
    return listing.status in UNPUBLISHED


def open_revision(listing: Listing) -> Revision | None:
    """The provider's draft or pending revision of this listing, if there is one."""
    return db.session.scalar(
        sa.select(Revision)
        .where(Revision.listing_id == listing.id, Revision.state.in_(OPEN_STATES))
        .order_by(Revision.id.desc())
        .limit(1)
    )


def working_copy(listing: Listing) -> dict:
    """What the provider is editing: their open revision, else the listing as it stands."""
    revision = open_revision(listing)
    return dict(revision.data) if revision is not None else listing.snapshot()


def organisation_listings(organisation_id: int) -> list[Listing]:
    return list(
        db.session.scalars(sa.select(Listing).where(Listing.organisation_id == organisation_id).order_by(Listing.title))
    )


def preview_listing(listing: Listing, data: dict) -> Listing:
    """A Listing that is never saved, carrying `data`, to render with the public listing page."""
    preview = Listing(
        slug=listing.slug,
        organisation_id=listing.organisation_id,
        status=taxonomy.PUBLISHED,
        source=listing.source,
        source_section=listing.source_section,
        created_at=listing.created_at,
        published_at=listing.published_at or clock.now(),
        last_verified_at=listing.last_verified_at,
        terms=[],
        places=[],
        outcomes=[],
        start_dates=[],
    )
    preview.apply({**data, "availability": data.get("availability") or "open"})  # a draft may not say yet
    set_committed_value(preview, "organisation", listing.organisation)  # no backref: keeps it out of the session
    return preview


# --- changing ------------------------------------------------------------------------------------------------------


def create_listing(organisation: Organisation, data: dict, *, actor, commit: bool = True) -> Listing:
    """A new draft listing for the organisation, with its slug made from the title."""

    def make(slug: str) -> Listing:
        listing = Listing(
            organisation_id=organisation.id,
            slug=slug,
            status=taxonomy.DRAFT,
            source="provider",
            provision_type="",
            section="",
            terms=[],
        )
        listing.apply(data)
        return listing

    listing = add_with_unique_slug(make, Listing.slug, data.get("title") or "")
    revision = _new_revision(listing, "new", data, actor)
    record("create", listing, actor=actor, after=data, note=f"Draft (revision {revision.id})")
    if commit:
        services.commit_and_announce([listing.id])
    return listing


def same_answers(a: dict, b: dict) -> bool:
    """Two snapshots say the same thing (an empty text, list or False counts as no answer)."""

    def normal(value):
        return None if value in (None, "", [], False) else value

    return all(normal(a.get(name)) == normal(b.get(name)) for name in Listing.EDITABLE_FIELDS)


def save_draft(listing: Listing, data: dict, *, actor, commit: bool = True) -> Revision | None:
    """Keep the provider's changes as a draft. A pending revision that is changed leaves the queue until resubmitted.

    Saving a published listing unchanged, with no revision open, creates nothing (None): there is nothing to review.
    """
    revision = open_revision(listing)
    if revision is None and not is_new(listing) and same_answers(data, listing.snapshot()):
        return None
    before = revision.data if revision is not None else listing.snapshot()
    if is_new(listing):
        listing.apply(data)
        if listing.status != taxonomy.DRAFT:
            record("status", listing, actor=actor, before={"status": listing.status}, after={"status": taxonomy.DRAFT})
            listing.status = taxonomy.DRAFT
    if revision is None:
        revision = _new_revision(listing, "new" if is_new(listing) else "edit", data, actor)
    revision.data, revision.state, revision.submitted_at = dict(data), "draft", None
    revision.author_id = getattr(actor, "id", revision.author_id)
    action = "save-draft" if revision.kind == "new" else "propose-edit"
    record(action, listing, actor=actor, before=before, after=data, note=f"Revision {revision.id}")
    if commit:
        services.commit_and_announce([listing.id])
    return revision


def submit(listing: Listing, *, actor, commit: bool = True) -> Revision:
    """Send the open draft to the moderators' queue, if it is complete."""
    revision = open_revision(listing)
    if revision is None or revision.state != "draft":
        raise WorkflowError("There is no draft to submit")
    found = problems(revision.data, "submit")
    if found:
        raise Incomplete(found)
    revision.state, revision.submitted_at = "pending", clock.now()
    before = {"status": listing.status, "revision": "draft"}
    if revision.kind == "new":
        listing.status = taxonomy.PENDING
    record(
        "submit",
        listing,
        actor=actor,
        before=before,
        after={"status": listing.status, "revision": "pending"},
        note=f"Revision {revision.id} sent for review",
    )
    if commit:
        services.commit_and_announce([listing.id])
    return revision


def withdraw(listing: Listing, *, actor) -> Revision:
    """Take back an open revision: a new listing returns to draft; a proposed edit is dropped."""
    revision = open_revision(listing)
    if revision is None:
        raise WorkflowError("There is nothing to withdraw")
    before = {"status": listing.status, "revision": revision.state}
    _withdraw_if_open(revision)
    if revision.kind == "new":
        listing.status = taxonomy.DRAFT
        _new_revision(listing, "new", listing.snapshot(), actor)
    record(
        "withdraw",
        listing,
        actor=actor,
        before=before,
        after={"status": listing.status, "revision": "withdrawn"},
        note=f"Revision {revision.id} withdrawn",
    )
    services.commit_and_announce([listing.id])
    return revision


def archive(listing: Listing, *, actor) -> None:
    """Take a listing off the directory at once (no review); an open revision is withdrawn with it."""
    if listing.status == taxonomy.ARCHIVED:
        raise WorkflowError("This listing is already archived")
    revision = open_revision(listing)
    if revision is not None:
        revision.state = "withdrawn"
    services.archive(listing, actor=actor)


def set_availability(listing: Listing, availability: str, *, actor) -> None:
    """Temporarily close or reopen a published listing at once; the change needs no review."""
    if not listing.is_public:
        raise WorkflowError("Only a published listing can be closed or reopened")
    revision = open_revision(listing)
    if revision is not None:  # so approving an older edit does not undo the closure
        revision.data = {**revision.data, "availability": availability}
    if listing.availability != availability:
        services.set_availability(listing, availability, actor=actor)


def update_organisation(organisation: Organisation, data: dict, *, actor) -> bool:
    """Profile changes go live at once (recorded, visible to moderators); its listings are re-announced to search.
    A new name or website for a published organisation waits for a moderator instead (True when held so).
    A name another organisation already has (ignoring case, spaces and punctuation) is refused: NameTaken."""
    key = organisation_name_key(data.get("name", organisation.name))
    if (
        db.session.scalar(
            sa.select(Organisation.id).where(Organisation.name_key == key, Organisation.id != organisation.id)
        )
        is not None
    ):
        raise NameTaken(NAME_TAKEN)
    held = identity.needs_review(organisation, data)
    if held:
        identity.propose(organisation, {name: data.get(name) for name in identity.IDENTITY_FIELDS}, actor=actor)
        data = {name: value for name, value in data.items() if name not in identity.IDENTITY_FIELDS}
    before = organisation.snapshot()
    organisation.apply(data)
    record("update", organisation, actor=actor, before=before, after=organisation.snapshot())
    try:
        services.commit_and_announce([listing.id for listing in organisation.listings])
    except IntegrityError as error:  # another organisation took the name a moment ago (the unique name_key)
        db.session.rollback()
        raise NameTaken(NAME_TAKEN) from error
    return held


def _withdraw_if_open(revision: Revision) -> None:
    """Withdraw in one conditional UPDATE, so a moderator's decision made at the same moment cannot also apply."""
    withdrawn = db.session.execute(
        sa.update(Revision)
        .where(Revision.id == revision.id, Revision.state.in_(OPEN_STATES))
        .values(state="withdrawn")
        .execution_options(synchronize_session=False)
    ).rowcount
    if withdrawn != 1:
        db.session.rollback()
        raise WorkflowError("A moderator has already decided this revision, so it cannot be withdrawn")
    set_committed_value(revision, "state", "withdrawn")


def _new_revision(listing: Listing, kind: str, data: dict, actor) -> Revision:
    revision = Revision(
        listing_id=listing.id,
        organisation_id=listing.organisation_id,
        author_id=getattr(actor, "id", None),
        kind=kind,
        data=dict(data),
        state="draft",
    )
    db.session.add(revision)
    db.session.flush()
    return revision
