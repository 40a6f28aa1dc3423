"""Progress of long commands: work functions report, a command shows it.

A work function (rebuild, reconcile, seed, sending mail) takes an optional `progress` callable and calls it as
`progress(stage, done, total)`: the stage's name, how many items are done and how many there are in all (None when
unknown). It never knows who listens, so the search package stays free of click and Flask. A command passes
`command_progress()`: a bar with counts and time left in a terminal, one summary line per stage otherwise (cron,
CI logs), so a log shows each stage once rather than a thousand bar redraws.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Progress = Callable[[str, int, "int | None"], None]


def no_progress(stage: str, done: int, total: int | None) -> None:
    """The default listener: work functions call this when nobody is watching."""


def every(step: int, progress: Progress | None) -> Callable[[str, int, int | None], None]:
    """Report only every `step` items and at the end of a stage: calling the listener per item costs time."""
    progress = progress or no_progress

    def report(stage: str, done: int, total: int | None) -> None:
        if done % step == 0 or done == total:
            progress(stage, done, total)

    return report


class _StageDisplay:
    """Shows one stage at a time: a click progress bar on a terminal, or a line when the stage ends."""

    def __init__(self, stream, interactive: bool):
        self.stream = stream
        self.interactive = interactive
        self.stage: str | None = None
        self.total: int | None = None
        self.done = 0
        self.started = 0.0
        self.bar = None

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if stage != self.stage:
            self.close()
            self._open(stage, total)
        self.total = total if total is not None else self.total
        if self.bar is not None and done > self.done:
            self.bar.update(done - self.done)
        self.done = max(self.done, done)

    def _open(self, stage: str, total: int | None) -> None:
        self.stage, self.total, self.done, self.started = stage, total, 0, time.monotonic()
        if self.interactive:
            import click

            self.bar = click.progressbar(
                length=total, label=stage.ljust(22), file=self.stream, show_pos=True, show_eta=True, width=30
            )
            self.bar.__enter__()

    def close(self) -> None:
        if self.stage is None:
            return
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
        else:
            of = f" of {self.total:,}" if self.total is not None else ""
            self.stream.write(f"{self.stage}: {self.done:,}{of} in {time.monotonic() - self.started:.1f}s\n")
            self.stream.flush()
        self.stage = None


@contextmanager
def command_progress(stream=None, interactive: bool | None = None) -> Iterator[Progress]:
    """A progress listener for a command; the last stage is closed when the block ends (even on failure)."""
    stream = stream or sys.stdout
    if interactive is None:
        interactive = stream.isatty()
    display = _StageDisplay(stream, interactive)
    try:
        yield display
    finally:
        display.close()
