"""Pages where a provider writes, previews, submits and maintains listings, edits their profile and uploads CSVs."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from directory import taxonomy
from directory.accounts.decorators import provider_required
from directory.extensions import db
from directory.listings import presenters
from directory.listings.models import Organisation
from directory.numbers import whole_number
from directory.submissions import bulk, sections, workflow
from directory.submissions.access import own_listing_or_404
from directory.submissions.forms import listing_form
from directory.submissions.presenters import preview_state
from directory.submissions.profile_forms import OrganisationForm, UploadForm

bp = Blueprint("submissions", __name__, url_prefix="/dashboard")


def _organisation() -> Organisation:
    return db.session.get(Organisation, current_user.organisation_id)


def _section_form(section, data: dict):
    """The section's questions, from what was just posted or from the working copy."""
    if request.method == "POST":
        return listing_form(formdata=request.form, form_class=section.form_class)
    return listing_form(data, form_class=section.form_class)


# --- one listing: the task list and its sections ---------------------------------------------------------------------


@bp.route("/listings/new", methods=["GET", "POST"])
@provider_required
def new_listing():
    """The first section; saving it creates the draft, and the task list takes over from there."""
    section = sections.BY_SLUG["about"]
    form = _section_form(section, {})
    if request.method == "POST" and form.validate_for("draft"):
        listing = workflow.create_listing(
            _organisation(), {"availability": "open", **form.to_data()}, actor=current_user
        )
        flash(f"“{listing.title}” is saved as a draft. Answer the other sections, then check and submit it.")
        return redirect(url_for("submissions.edit_listing", listing_id=listing.id))
    return render_template(
        "submissions/section.html",
        form=form,
        groups=sections.field_groups(form),
        section=section,
        listing=None,
        revision=None,
    )


@bp.get("/listings/<int:listing_id>/edit")
@provider_required
def edit_listing(listing_id: int):
    """The task list: each section with its status, and the way to check and submit."""
    listing = own_listing_or_404(listing_id)
    if listing.status == taxonomy.ARCHIVED:
        flash(f"“{listing.title}” is archived, so it cannot be changed.")
        return redirect(url_for("dashboard.index"))
    data = workflow.working_copy(listing)
    found = workflow.problems(data, "submit")
    return render_template(
        "submissions/task_list.html",
        listing=listing,
        revision=workflow.open_revision(listing),
        tasks=sections.task_list(listing.id, data, found),
        complete=not found,
    )


@bp.route("/listings/<int:listing_id>/edit/<section_slug>", methods=["GET", "POST"])
@provider_required
def edit_section(listing_id: int, section_slug: str):
    listing = own_listing_or_404(listing_id)
    section = sections.BY_SLUG.get(section_slug)
    if section is None or listing.status == taxonomy.ARCHIVED:
        abort(404)
    data = workflow.working_copy(listing)
    form = _section_form(section, data)
    if request.method == "POST" and form.validate_for("draft"):
        proposed = {**data, **form.to_data()}
        changed = not workflow.same_answers(proposed, data)
        saved = workflow.save_draft(listing, proposed, actor=current_user) if changed else None
        flash(f"{section.title}: saved." if saved else f"{section.title}: nothing was changed.")
        return redirect(url_for("submissions.edit_listing", listing_id=listing.id))
    if request.method == "GET" and request.args.get("check"):  # from the preview: show what is still missing
        form.validate_for("submit")
    return render_template(
        "submissions/section.html",
        form=form,
        groups=sections.field_groups(form),
        section=section,
        listing=listing,
        revision=workflow.open_revision(listing),
    )


@bp.get("/listings/<int:listing_id>/preview")
@provider_required
def preview(listing_id: int):
    listing = own_listing_or_404(listing_id)
    revision = workflow.open_revision(listing)
    data = workflow.working_copy(listing)
    shown = workflow.preview_listing(listing, data)
    found = workflow.problems(data, "submit") if revision else {}
    response = Response(
        render_template(
            "submissions/preview.html",
            listing=shown,
            facts=presenters.listing_facts(shown),
            subject=listing,
            revision=revision,
            problems=found,
            missing=sections.missing(listing.id, found),
            preview_state=preview_state(listing, revision),
        )
    )
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.post("/listings/<int:listing_id>/submit")
@provider_required
def submit(listing_id: int):
    listing = own_listing_or_404(listing_id)
    try:
        workflow.submit(listing, actor=current_user)
    except workflow.Incomplete:  # the preview lists exactly what is missing
        return redirect(url_for("submissions.preview", listing_id=listing.id))
    except workflow.WorkflowError as error:
        flash(str(error))
        return redirect(url_for("dashboard.index"))
    flash(f"“{listing.title}” has been sent for review. We will show the moderator’s decision here.")
    return redirect(url_for("dashboard.index"))


@bp.post("/listings/<int:listing_id>/withdraw")
@provider_required
def withdraw(listing_id: int):
    listing = own_listing_or_404(listing_id)
    try:
        workflow.withdraw(listing, actor=current_user)
        flash(f"Your changes to “{listing.title}” have been withdrawn.")
    except workflow.WorkflowError as error:
        flash(str(error))
    return redirect(url_for("dashboard.index"))


@bp.route("/listings/<int:listing_id>/archive", methods=["GET", "POST"])
@provider_required
def archive(listing_id: int):
    listing = own_listing_or_404(listing_id)
    if request.method == "POST":
        try:
            workflow.archive(listing, actor=current_user)
            flash(f"“{listing.title}” has been archived and is no longer in the directory.")
        except workflow.WorkflowError as error:
            flash(str(error))
        return redirect(url_for("dashboard.index"))
    return render_template("submissions/archive.html", listing=listing)


@bp.post("/listings/<int:listing_id>/availability")
@provider_required
def availability(listing_id: int):
    listing = own_listing_or_404(listing_id)
    wanted = request.form.get("availability", "")
    if wanted not in ("open", "temporarily-closed"):
        abort(400)
    try:
        workflow.set_availability(listing, wanted, actor=current_user)
        flash(f"“{listing.title}” is now shown as {taxonomy.AVAILABILITY.label_for(wanted).lower()}.")
    except workflow.WorkflowError as error:
        flash(str(error))
    return redirect(url_for("dashboard.index"))


# --- organisation profile ------------------------------------------------------------------------------------------

HELD = " The new name and website will go live when a moderator approves them."


@bp.route("/organisation", methods=["GET", "POST"])
@provider_required
def organisation():
    organisation = _organisation()
    if request.method == "POST":
        form = OrganisationForm(formdata=request.form)
        if form.validate_profile():
            try:
                held = workflow.update_organisation(organisation, form.to_data(), actor=current_user)
            except workflow.NameTaken as error:
                form.name.errors.append(str(error))
            else:
                flash("Your organisation’s profile has been updated." + (HELD if held else ""))
                return redirect(url_for("dashboard.index"))
    else:
        form = OrganisationForm(data=organisation.snapshot())
    return render_template("submissions/organisation.html", form=form, organisation=organisation)


# --- bulk upload -----------------------------------------------------------------------------------------------------


@bp.route("/upload", methods=["GET", "POST"])
@provider_required
def upload():
    form = UploadForm()
    parsed = None
    if request.method == "POST" and form.validate():
        existing = _own_listings_by_slug()
        parsed = _read_upload(form, existing)
        if parsed is not None and parsed.problem is None and not parsed.errors:
            ids = bulk.save(parsed, _organisation(), existing, actor=current_user)
            return render_template("submissions/upload_done.html", listings=_own_listings(ids))
    return render_template("submissions/upload.html", form=form, parsed=parsed, guide=bulk.column_guide())


def _read_upload(form: UploadForm, existing: dict):
    """The uploaded file parsed and checked, with any problem put on the form's file field."""
    upload_file = request.files.get("file")
    if upload_file is None or not upload_file.filename:
        form.file.errors = ["Select a CSV file"]
        return None
    parsed = bulk.parse(upload_file.read(bulk.MAX_BYTES + 1), existing)
    if parsed.problem:
        form.file.errors = [parsed.problem]
    elif parsed.errors:
        count = len(parsed.errors)
        form.file.errors = [
            f"The file has {count} problem{'' if count == 1 else 's'} listed below. Nothing has been saved."
        ]
    return parsed


def _own_listings_by_slug() -> dict:
    return {listing.slug: listing for listing in workflow.organisation_listings(current_user.organisation_id)}


@bp.post("/upload/submit")
@provider_required
def submit_uploaded():
    """Submit several drafts for review at once; ids that are not this organisation's drafts are ignored."""
    ids = [number for number in map(whole_number, request.form.getlist("listing_id")) if number is not None]
    sent, incomplete = 0, 0
    for listing in _own_listings(ids):
        try:
            workflow.submit(listing, actor=current_user)
            sent += 1
        except workflow.Incomplete:
            incomplete += 1
        except workflow.WorkflowError:
            continue
    flash(
        f"{sent} listing{'' if sent == 1 else 's'} sent for review."
        + (f" {incomplete} need more detail before they can be submitted." if incomplete else "")
    )
    return redirect(url_for("dashboard.index"))


def _own_listings(ids):
    return [listing for listing in workflow.organisation_listings(current_user.organisation_id) if listing.id in ids]


@bp.get("/upload/template.csv")
@provider_required
def template_csv():
    return _csv(bulk.template_csv(), "listings-template.csv")


@bp.get("/upload/allowed-values.csv")
@provider_required
def allowed_values_csv():
    return _csv(bulk.allowed_values_csv(), "listings-allowed-values.csv")


def _csv(text: str, filename: str) -> Response:
    return Response(
        "\ufeff" + text, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )
