"""Prometheus metrics at /metrics, for the addresses in METRICS_ALLOWED_IPS only.

Counters and histograms (requests, searches, rate-limit refusals) are kept by prometheus_client; under gunicorn set
PROMETHEUS_MULTIPROC_DIR so every worker's counts are added up (docs/operations.md). The state of the directory
(index against database, outbox, moderation queue) is read from the database when scraped, so it is the same
whichever worker answers.
"""

from __future__ import annotations

import ipaddress
import os
import time

from flask import Flask, Response, abort, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

from directory.ops import state

REQUESTS = Counter(
    "directory_http_requests_total", "Requests answered, by endpoint and status.", ["endpoint", "status"]
)
LATENCY = Histogram(
    "directory_http_request_duration_seconds",
    "Time to answer a request, by endpoint and status.",
    ["endpoint", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
SEARCH_LATENCY = Histogram(
    "directory_search_duration_seconds",
    "Time the search page's search took.",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)
SEARCH_RESULTS = Histogram(
    "directory_search_results",
    "How many listings each search page's search matched.",
    buckets=(0, 1, 5, 10, 20, 50, 100, 500, 1000, 5000, 10000),
)
RATE_LIMITED = Counter(
    "directory_rate_limit_refusals_total", "Requests refused by a rate limit (429), by endpoint.", ["endpoint"]
)


def child_exit(server, worker) -> None:
    """gunicorn's child_exit hook (gunicorn.conf.py: `from directory.ops.metrics import child_exit`): a dead
    worker's live gauges are dropped from the shared multiprocess files."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def allowed(address: str | None, networks: list) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in network for network in networks)


def parse_networks(text: str) -> list:
    """ "127.0.0.1, ::1, 10.0.0.0/8" -> networks; a bad entry stops the app starting rather than open the door."""
    return [ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip()]


class DirectoryState:
    """A collector read at scrape time: the gauges describe the database, not this process."""

    def collect(self):
        for name, description, value in state.readings():
            gauge = GaugeMetricFamily(name, description)
            gauge.add_metric([], value)
            yield gauge


def _process_registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


def request_addresses() -> list[str]:
    """The connecting address and every address a proxy says the request passed through. All must be allowed:
    behind nginx the connecting address is nginx's own (loopback), and a client can add to X-Forwarded-For but
    not remove the address nginx appends, so forging the header can only refuse, never admit."""
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    return [request.remote_addr or "", *forwarded]


def metrics_view():
    networks = current_app.config["METRICS_NETWORKS"]
    if not all(allowed(address, networks) for address in request_addresses()):
        abort(404)  # as if there were no such page: nothing to probe from outside
    state_registry = CollectorRegistry(auto_describe=False)
    state_registry.register(DirectoryState())
    body = generate_latest(_process_registry()) + generate_latest(state_registry)
    return Response(body, content_type=CONTENT_TYPE_LATEST)


def count_request(response):
    endpoint = request.url_rule.endpoint if request.url_rule else "unmatched"
    if endpoint != "metrics":
        status = str(response.status_code)
        REQUESTS.labels(endpoint, status).inc()
        LATENCY.labels(endpoint, status).observe(time.perf_counter() - g.get("request_started", time.perf_counter()))
        if response.status_code == 429:
            RATE_LIMITED.labels(endpoint).inc()
    return response


def observe_search(sender, seconds: float, total: int, **_) -> None:
    SEARCH_LATENCY.observe(seconds)
    SEARCH_RESULTS.observe(total)


def init_app(app: Flask) -> None:
    from directory.listings.signals import searched

    app.config["METRICS_NETWORKS"] = parse_networks(app.config["METRICS_ALLOWED_IPS"])
    app.add_url_rule("/metrics", "metrics", metrics_view)
    app.after_request(count_request)
    searched.connect(observe_search)
