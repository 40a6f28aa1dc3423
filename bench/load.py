"""A bounded HTTP load generator for bench/stack.py: a fixed number of keep-alive connections, each in its own
thread sending one request after another, for a fixed time; every request's latency and status is recorded.

It is deliberately simple (Python's http.client, no pipelining), so it costs some CPU of its own; stack.py reports
the client's CPU time beside each figure, since on a 2-core machine the client and the server share the CPUs.

`paced` is the other kind of load: requests at a fixed rate, each due at a time fixed in advance, with latency
counted from when it was due (open loop). A closed loop (`run`) sends fewer requests while the server is slow, so
a stall shows as lower throughput; paced, it shows as latency of every request that fell due meanwhile.
"""

from __future__ import annotations

import http.client
import resource
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Sample:
    started: float  # time.perf_counter() when the request was sent
    seconds: float  # until the whole response was read
    status: int  # 0 for a connection error
    late: float = 0.0  # paced load: how long after it was due the request was sent (included in `seconds`)


@dataclass
class LoadResult:
    duration: float
    samples: list[Sample] = field(default_factory=list)
    client_cpu: float = 0.0

    def between(self, start: float, end: float) -> LoadResult:
        """The requests sent in [start, end) (perf_counter times), as a result of their own."""
        chosen = [s for s in self.samples if start <= s.started < end]
        return LoadResult(max(end - start, 1e-9), chosen)

    @property
    def count(self) -> int:
        return len(self.samples)

    @property
    def rate(self) -> float:
        return self.count / self.duration if self.duration else 0.0

    def statuses(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for sample in self.samples:
            counts[sample.status] = counts.get(sample.status, 0) + 1
        return counts

    def percentile(self, fraction: float) -> float:
        """Latency in milliseconds at `fraction` (0.5, 0.95, 0.99, 1.0 for the maximum)."""
        ordered = sorted(s.seconds for s in self.samples)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] * 1000


def _connection(base_url: str) -> http.client.HTTPConnection:
    parts = urlsplit(base_url)
    return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=60)


def _one(connection: http.client.HTTPConnection, path: str) -> int:
    connection.request("GET", path, headers={"Accept-Encoding": "identity"})
    response = connection.getresponse()
    response.read()
    return response.status


def _retried(connection: http.client.HTTPConnection, path: str) -> int:
    try:
        return _one(connection, path)
    except (OSError, http.client.HTTPException):
        return 0


def _worker(
    base_url: str,
    paths: list[str],
    offset: int,
    stop_at: float,
    stop: threading.Event,
    samples: list[Sample],
    lock: threading.Lock,
) -> None:
    connection = _connection(base_url)
    own: list[Sample] = []
    n = offset
    while True:
        started = time.perf_counter()
        if started >= stop_at or stop.is_set():
            break
        path = paths[n % len(paths)]
        n += 1
        try:
            status = _one(connection, path)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed this keep-alive connection (gunicorn does when it recycles a worker, after
            # max_requests): what every HTTP client does is send the request again on a new connection.
            connection.close()
            connection = _connection(base_url)
            status = _retried(connection, path)
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
            connection = _connection(base_url)
        own.append(Sample(started, time.perf_counter() - started, status))
    connection.close()
    with lock:
        samples.extend(own)


def run(
    base_url: str, paths: list[str], connections: int = 8, seconds: float = 10.0, stop: threading.Event | None = None
) -> LoadResult:
    """Drive `paths` in turn over `connections` keep-alive connections for `seconds` (or until `stop` is set)."""
    stop = stop or threading.Event()
    samples: list[Sample] = []
    lock = threading.Lock()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    stop_at = started + seconds
    threads = [
        threading.Thread(target=_worker, args=(base_url, paths, i, stop_at, stop, samples, lock), daemon=True)
        for i in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    result = LoadResult(time.perf_counter() - started, sorted(samples, key=lambda s: s.started))
    result.client_cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    return result


def _paced_worker(
    base_url: str,
    paths: list[str],
    due: list[float],
    stop: threading.Event,
    samples: list[Sample],
    lock: threading.Lock,
) -> None:
    connection = _connection(base_url)
    own: list[Sample] = []
    for n, when in enumerate(due):
        if stop.is_set():
            break
        wait = when - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        sent = time.perf_counter()
        try:
            status = _one(connection, paths[n % len(paths)])
        except (OSError, http.client.HTTPException):  # closed keep-alive (a recycled worker): once more, anew
            connection.close()
            connection = _connection(base_url)
            status = _retried(connection, paths[n % len(paths)])
        own.append(Sample(when, time.perf_counter() - when, status, sent - when))
    connection.close()
    with lock:
        samples.extend(own)


def paced(
    base_url: str,
    paths: list[str],
    rate: float,
    connections: int = 4,
    seconds: float = 10.0,
    stop: threading.Event | None = None,
) -> LoadResult:
    """`rate` requests per second for `seconds` (or until `stop` is set), open loop: request n is due at
    start + n/rate and goes on connection n mod `connections`; its latency runs from when it was due, so a request
    that waits for its connection's previous response counts that wait too (as a person arriving then would).
    Each sample's `started` is its due time and `late` how long after it the request was actually sent."""
    stop = stop or threading.Event()
    samples: list[Sample] = []
    lock = threading.Lock()
    start = time.perf_counter() + 0.05
    count = int(seconds * rate)
    due = [start + n / rate for n in range(count)]
    threads = [
        threading.Thread(
            target=_paced_worker,
            daemon=True,
            args=(base_url, paths[k:] + paths[:k], due[k::connections], stop, samples, lock),
        )
        for k in range(connections)
    ]
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    result = LoadResult(time.perf_counter() - start, sorted(samples, key=lambda s: s.started))
    result.client_cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    return result


@dataclass
class Download:
    status: int
    first_byte: float  # seconds from sending the request to the first byte of the body
    total: float  # seconds until the last byte
    size: int  # bytes of body


def download(base_url: str, path: str) -> Download:
    """One request read to the end, timing the first byte of the body as well as the whole."""
    connection = _connection(base_url)
    try:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = connection.getresponse()
        first = response.read(1)
        first_byte = time.perf_counter() - started
        size = len(first)
        while chunk := response.read(65536):
            size += len(chunk)
        return Download(response.status, first_byte, time.perf_counter() - started, size)
    finally:
        connection.close()


def get(base_url: str, path: str) -> tuple[int, bytes]:
    """One request: (status, body)."""
    connection = _connection(base_url)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()
