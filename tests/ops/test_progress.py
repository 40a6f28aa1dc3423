"""Long commands show progress: a bar on a terminal, one summary line per stage otherwise, and honest exit codes."""

from __future__ import annotations

import csv
import io

from directory.listings.indexing import rebuild
from directory.progress import command_progress, every
from directory.search import search


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_stage_is_summarised_once_when_not_a_terminal():
    out = io.StringIO()
    with command_progress(out) as progress:
        for done in range(0, 1001, 100):
            progress("Indexing listings", done, 1000)
        progress("Writing segments", 1, 1)
    lines = out.getvalue().splitlines()
    assert [line.split(" in ")[0] for line in lines] == [
        "Indexing listings: 1,000 of 1,000",
        "Writing segments: 1 of 1",
    ]


def test_a_terminal_gets_a_bar_with_counts_and_time_left():
    out = Tty()
    with command_progress(out) as progress:
        for done in range(0, 1001, 250):
            progress("Indexing listings", done, 1000)
    text = out.getvalue()
    assert "Indexing listings" in text and "1000/1000" in text and "[" in text


def test_every_reports_steps_and_the_end_only():
    calls = []
    report = every(100, lambda *call: calls.append(call))
    for done in range(1, 251):
        report("Stage", done, 250)
    assert [done for _, done, _ in calls] == [100, 200, 250]


def test_rebuild_reports_each_stage_and_the_count(app, make):
    for n in range(3):
        make.listing(title=f"Histology course {n}")
    calls = []
    assert rebuild(progress=lambda *call: calls.append(call)) == 3
    stages = [stage for stage, _, _ in calls]
    assert ("Indexing listings", 3, 3) in calls and "Writing segments" in stages and "Writing index" in stages
    assert search("histology").total == 3


def test_the_rebuild_command_prints_stages_and_exits_zero(app, make, runner):
    make.listing(title="Cell culture apprenticeship")
    result = runner.invoke(args=["index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Indexing listings: 1 of 1" in result.output and "Search index rebuilt: 1 listings" in result.output


def test_reconcile_and_seed_commands_print_stages(app, runner, seed_dir):
    seeded = runner.invoke(args=["seed", "--path", str(seed_dir)])
    assert seeded.exit_code == 0, seeded.output
    assert "Organisations: " in seeded.output and "Listings: " in seeded.output
    reconciled = runner.invoke(args=["index", "reconcile"])
    assert reconciled.exit_code == 0 and "Writing index: 1 of 1" in reconciled.output


def test_a_failing_seed_exits_non_zero(app, runner, tmp_path):
    (tmp_path / "organisations.yaml").write_text("not: [a list")
    result = runner.invoke(args=["seed", "--path", str(tmp_path)])
    assert result.exit_code != 0 and "nothing was loaded" in result.output


def test_export_writes_every_published_listing_with_progress(app, make, runner, tmp_path):
    make.listing(title="Published one")
    make.listing(title="A draft", status="draft")
    target = tmp_path / "listings.csv"
    result = runner.invoke(args=["export", "csv", str(target)])
    assert result.exit_code == 0 and "Exporting listings: 1 of 1" in result.output
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [row["title"] for row in rows] == ["Published one"]
