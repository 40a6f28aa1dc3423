"""/metrics: counts, latencies and the directory's state, for allowed addresses only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from directory import clock
from directory.listings.indexing import rebuild
from directory.mail.models import OutboxEmail
from directory.submissions.models import Revision


@pytest.fixture
def scrape(client):
    def read() -> dict[tuple, float]:
        response = client.get("/metrics")
        assert response.status_code == 200 and response.mimetype == "text/plain"
        return {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.get_data(as_text=True))
            for sample in family.samples
        }

    return read


def value(samples, name, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_are_counted_and_timed_by_endpoint_and_status(client, scrape):
    before = scrape()
    client.get("/")
    client.get("/no-such-page")
    after = scrape()
    for endpoint, status in (("listings.home", "200"), ("unmatched", "404")):
        labels = {"endpoint": endpoint, "status": status}
        assert (
            value(after, "directory_http_requests_total", **labels)
            == value(before, "directory_http_requests_total", **labels) + 1
        )
        assert (
            value(after, "directory_http_request_duration_seconds_count", **labels)
            == value(before, "directory_http_request_duration_seconds_count", **labels) + 1
        )


def test_searches_record_latency_and_result_counts(client, make, scrape):
    make.listing(title="Flow cytometry course")
    rebuild()
    before = scrape()
    client.get("/search?q=cytometry")
    after = scrape()
    assert (
        value(after, "directory_search_duration_seconds_count")
        == value(before, "directory_search_duration_seconds_count") + 1
    )
    assert value(after, "directory_search_results_sum") == value(before, "directory_search_results_sum") + 1


def test_the_state_gauges_read_the_database_and_index(app, db, make, scrape, monkeypatch):
    listing = make.listing(title="Indexed")
    make.listing(title="Not yet indexed")  # written without the services: the index has not heard of it
    rebuild()
    make.listing(title="Missed update")
    db.session.add_all(
        [
            OutboxEmail(to="a@example.org", subject="s", body="b"),
            OutboxEmail(to="b@example.org", subject="s", body="b", error="SMTPException: refused"),
            OutboxEmail(to="c@example.org", subject="s", body="b", sent_at=clock.now()),
        ]
    )
    db.session.add(
        Revision(
            listing_id=listing.id,
            organisation_id=listing.organisation_id,
            state="pending",
            submitted_at=clock.now() - timedelta(hours=3),
        )
    )
    db.session.commit()
    samples = scrape()
    assert value(samples, "directory_search_index_documents") == 2
    assert value(samples, "directory_search_database_listings") == 3
    assert value(samples, "directory_search_index_difference") == 1
    assert value(samples, "directory_change_log_behind") == 2  # the missed listing and its new organisation
    assert value(samples, "directory_change_log_head") > 2
    assert value(samples, "directory_outbox_pending") == 1 and value(samples, "directory_outbox_failed") == 1
    assert value(samples, "directory_moderation_queue_size") == 1
    assert 3 * 3600 <= value(samples, "directory_moderation_queue_oldest_seconds") < 3 * 3600 + 60


def test_rate_limit_refusals_are_counted(app, client, scrape):
    from directory.ops.metrics import RATE_LIMITED

    @app.get("/limited")
    def limited():
        from flask import abort

        abort(429)

    before = RATE_LIMITED.labels("limited")._value.get()
    assert client.get("/limited").status_code == 429
    assert RATE_LIMITED.labels("limited")._value.get() == before + 1
    assert value(scrape(), "directory_rate_limit_refusals_total", endpoint="limited") == before + 1


def test_metrics_are_hidden_from_addresses_not_allowed(client):
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 404
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200


def test_through_a_proxy_on_the_same_machine_the_forwarded_client_decides(client):
    """nginx connects from loopback and appends the client's address to X-Forwarded-For."""
    outside = {"X-Forwarded-For": "203.0.113.9"}
    assert client.get("/metrics", headers=outside).status_code == 404
    forged = {"X-Forwarded-For": "127.0.0.1, 203.0.113.9"}
    assert client.get("/metrics", headers=forged).status_code == 404
    assert client.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 200


class TestConfiguredNetworks:
    @pytest.fixture
    def app_config(self, tmp_path):
        from tests.conftest import make_test_config

        return make_test_config(
            tmp_path, f"sqlite:///{tmp_path / 'test.sqlite3'}", METRICS_ALLOWED_IPS="127.0.0.1, 10.0.0.0/8"
        )

    def test_allowed_addresses_take_networks(self, client):
        assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.20.30.40"}).status_code == 200
        assert client.get("/metrics", environ_base={"REMOTE_ADDR": "::1"}).status_code == 404


def test_workers_share_counts_in_multiprocess_mode(tmp_path):
    """Two processes writing to PROMETHEUS_MULTIPROC_DIR are added up by one scrape."""
    import subprocess
    import sys

    script = "from directory.ops.metrics import REQUESTS; REQUESTS.labels('listings.home', '200').inc(2)"
    env = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for _ in range(2):
        subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=str(_repo_root()))
    read = (
        "from prometheus_client import CollectorRegistry, generate_latest, multiprocess\n"
        "r = CollectorRegistry(); multiprocess.MultiProcessCollector(r); print(generate_latest(r).decode())"
    )
    out = subprocess.run([sys.executable, "-c", read], env=env, check=True, capture_output=True, text=True).stdout
    assert 'directory_http_requests_total{endpoint="listings.home",status="200"} 4.0' in out


def _repo_root():
    from pathlib import Path

    return Path(__file__).resolve().parents[2]


def test_a_failing_reading_is_left_out_not_the_whole_page(client, monkeypatch):
    from directory.ops import state

    def broken():
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(state, "outbox_readings", broken)
    text = client.get("/metrics").get_data(as_text=True)
    assert "directory_outbox_pending" not in text and "directory_moderation_queue_size" in text
