"""Browser tests: a live server on a free local port and Debian's Chromium driven by Playwright.

Chromium comes from Debian's `chromium` package (the README's test command installs it). Without it the browser
tests skip with the reason; with REQUIRE_BROWSER=1 (as .ci/run sets) they fail instead.
"""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from directory import create_app
from directory.extensions import db as _db

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, pointed at the system Chromium."""
    path = chromium_path()
    if path is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but no chromium on PATH (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped")
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_ARGS}


class LiveServer:
    """The app served by Werkzeug in a background thread, on its own SQLite file."""

    def __init__(self, app):
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._thread.join(timeout=5)


@pytest.fixture
def live_server(tmp_path, seed_dir):
    """A running site seeded from seed_data/. Use live_server.url; live_server.app for database set-up."""
    from tests.conftest import make_test_config

    app = create_app(make_test_config(tmp_path, f"sqlite:///{tmp_path / 'live.sqlite3'}", SEED_DATA_DIR=str(seed_dir)))
    with app.app_context():
        _db.create_all()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    for command in (["index", "rebuild"],):
        if app.cli.get_command(None, command[0]) is not None:  # the search index, where the search feature exists
            result = runner.invoke(args=command)
            assert result.exit_code == 0, result.output
    server = LiveServer(app).start()
    yield server
    server.stop()
    with app.app_context():
        _db.engine.dispose()
