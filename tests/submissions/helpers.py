"""Filling in a listing as a person does: the first section creates it, then each section's page is saved."""

from directory.submissions.sections import SECTIONS


def write_listing(client, answers: dict, listing_id: int | None = None):
    """Post `answers` to every section page in turn (each page takes only its own questions). Returns the
    (listing id, last response); the id is None when the first page was refused."""
    pending = list(SECTIONS)
    if listing_id is None:
        response = client.post("/dashboard/listings/new", data=answers)
        if response.status_code != 302:
            return None, response
        listing_id = int(response.headers["Location"].split("/")[3])
        pending = pending[1:]
    for section in pending:
        response = client.post(f"/dashboard/listings/{listing_id}/edit/{section.slug}", data=answers)
        if response.status_code != 302:
            return listing_id, response
    return listing_id, response
