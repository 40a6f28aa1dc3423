"""The full open-data files, made nightly by `flask export all`: every published listing as CSV and as JSON (the
search downloads' own formats) and as Open Referral UK services, one JSON object a line (the API's ndjson), each
gzipped and named with its date, in EXPORT_DIR. The site serves them at /open-data/<name>; downloads of more than
EXPORT_MAX_ROWS listings, which would tie up a web worker, are sent to them instead.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from flask import Response, current_app, redirect, url_for

from directory.api import exports, oruk
from directory.extensions import db
from directory.listings.models import Listing
from directory.progress import Progress, no_progress


@dataclass(frozen=True)
class Kind:
    stem: str  # "listings" or "services"
    extension: str  # "csv", "json" or "ndjson"
    label: str  # what the developer page calls it

    @property
    def alias(self) -> str:
        """The undated name that always leads to the newest file, e.g. listings.csv.gz."""
        return f"{self.stem}.{self.extension}.gz"

    def dated(self, day: date) -> str:
        return f"{self.stem}-{day.isoformat()}.{self.extension}.gz"


KINDS = {
    "csv": Kind("listings", "csv", "Every published listing as CSV (the columns of the search download)"),
    "json": Kind("listings", "json", "Every published listing as JSON (the shape of the search download)"),
    "ndjson": Kind("services", "ndjson", "Every published listing as an Open Referral UK service, one a line"),
}
DATED = re.compile(r"(listings|services)-([0-9]{4}-[0-9]{2}-[0-9]{2})\.(csv|json|ndjson)\.gz")


@dataclass(frozen=True)
class FullFile:
    kind: Kind
    name: str
    day: date
    size: int


def export_dir() -> Path:
    return Path(current_app.config["EXPORT_DIR"])


def export_limit() -> int:
    return current_app.config.get("EXPORT_MAX_ROWS", exports.MAX_ROWS)


def full_file_redirect(kind: str) -> Response:
    """303 to the newest full file of a kind (csv, json, ndjson), or to where the developer page explains them."""
    if latest(KINDS[kind]) is None:
        return redirect(url_for("api_docs.developers", _anchor="full-files"), 303)
    return redirect(url_for("api_docs.open_data_file", name=KINDS[kind].alias), 303)


def latest(kind: Kind, directory: Path | None = None) -> FullFile | None:
    """The newest complete file of a kind (files are renamed into place only when whole)."""
    found = []
    folder = directory or export_dir()
    for path in folder.glob(f"{kind.stem}-*.{kind.extension}.gz") if folder.is_dir() else []:
        match = DATED.fullmatch(path.name)
        if match:
            try:
                found.append(FullFile(kind, path.name, date.fromisoformat(match.group(2)), path.stat().st_size))
            except (ValueError, OSError):
                continue
    return max(found, key=lambda file: file.day, default=None)


def kind_of(name: str) -> Kind | None:
    """The kind of a dated file name or an alias; None for any other name."""
    match = DATED.fullmatch(name)
    for kind in KINDS.values():
        if name == kind.alias or (match and (match.group(1), match.group(3)) == (kind.stem, kind.extension)):
            return kind
    return None


# --- writing -----------------------------------------------------------------------------------------------------------


def published_listings(progress: Progress, total: int) -> Iterator[Listing]:
    """Every published listing in id order, a batch at a time, so memory stays flat at any size."""
    last_id, done = 0, 0
    while True:
        batch = list(
            db.session.scalars(
                sa.select(Listing)
                .where(Listing.is_public, Listing.id > last_id)
                .order_by(Listing.id)
                .limit(exports.BATCH)
            )
        )
        if not batch:
            return
        yield from batch
        last_id, done = batch[-1].id, done + len(batch)
        progress("Exporting listings", done, max(total, done))
        db.session.expunge_all()


def _chunks(kind: Kind, site: str, progress: Progress, total: int) -> Iterator[str]:
    listings = published_listings(progress, total)
    if kind.extension == "csv":
        return exports.csv_chunks(listings, site)
    if kind.extension == "json":
        return exports.json_chunks(listings, total, site, exports.ExportQuery("", "", {}))
    return (json.dumps(oruk.service(site, listing), ensure_ascii=False) + "\n" for listing in listings)


def write_all(directory: Path, site: str, day: date, progress: Progress | None = None) -> dict[str, int]:
    """Write every kind of file for `day` into `directory` (each complete before it replaces the last one), then
    remove older files; returns {file name: bytes}."""
    progress = progress or no_progress
    directory.mkdir(parents=True, exist_ok=True)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Listing).where(Listing.is_public))
    written = {}
    for kind in KINDS.values():
        final = directory / kind.dated(day)
        partial = directory / f".{final.name}.partial"
        with gzip.open(partial, "wt", encoding="utf-8", newline="") as out:
            for chunk in _chunks(kind, site, progress, total):
                out.write(chunk)
        os.replace(partial, final)
        written[final.name] = final.stat().st_size
        for older in directory.glob(f"{kind.stem}-*.{kind.extension}.gz"):
            if older.name != final.name and DATED.fullmatch(older.name):
                older.unlink(missing_ok=True)
    return written
