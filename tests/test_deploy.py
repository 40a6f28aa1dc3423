"""The production shape: migrate and seed PostgreSQL from the command line, then serve with gunicorn."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.databases import _reset_schema

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, timeout: float = 30) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.postgres
@pytest.mark.slow
def test_gunicorn_serves_the_seeded_site_from_postgresql(postgres_database_url, tmp_path):
    _reset_schema(postgres_database_url)
    env = {
        **os.environ,
        "DATABASE_URL": postgres_database_url,
        "PRODUCTION": "1",
        "SECRET_KEY": "k" * 64,
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "FLASK_DEBUG": "0",
    }
    for command in (["db", "upgrade"], ["seed"]):
        result = subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", *command],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = _wait_for(f"http://127.0.0.1:{port}/regions/london").decode()
        assert '<h1 class="govuk-heading-xl">London</h1>' in body
        assert "Advanced Therapies Apprenticeship Community (ATAC)" in body  # searchable: its source is May 2026
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_production_mode_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(PRODUCTION="1", INSTANCE_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_gunicorn_s_access_log_leaves_out_query_strings_and_referrers():
    import runpy
    from pathlib import Path

    settings = runpy.run_path(str(Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"))
    assert "%(U)s" in settings["access_log_format"]
    assert not any(atom in settings["access_log_format"] for atom in ("%(r)s", "%(q)s", "%(f)s"))
