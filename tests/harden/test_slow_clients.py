"""The production stack on loopback ports: nginx (deploy/nginx/clients.conf, proxy.conf) in front of gunicorn
(deploy/gunicorn.conf.py). 50 clients trickling header lines and 50 trickling a request body must not stop normal
requests being answered within a second. Every loop is bounded in count and time; every address is 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SLOW_CLIENTS = 50
ATTACK_SECONDS = 8.0
NORMAL_REQUESTS = 40

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def nginx_config(tmp: Path, port: int, upstream: int) -> Path:
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {tmp / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = tmp / "nginx.conf"
    config.write_text(f"""{user}worker_processes 1;
pid {tmp / "nginx.pid"};
error_log {tmp / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
{temp}
    server {{
        listen 127.0.0.1:{port};
        include {REPO / "deploy/nginx/clients.conf"};
        location / {{
            include {REPO / "deploy/nginx/proxy.conf"};
            proxy_pass http://127.0.0.1:{upstream};
        }}
    }}
}}
""")
    return config


@pytest.fixture
def stack(tmp_path):
    if not Path(NGINX).exists():
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed (make test-setup installs Debian's nginx)")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    app_port, proxy_port = free_port(), free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "PRODUCTION": "1",
        "SECRET_KEY": "k" * 64,
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "INSTANCE_DIR": str(tmp_path),
        "FLASK_DEBUG": "0",
        "PROXY_HOPS": "1",
        "GUNICORN_BIND": f"127.0.0.1:{app_port}",
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    upgrade = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert upgrade.returncode == 0, upgrade.stderr
    gunicorn = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    config = nginx_config(tmp_path, proxy_port, app_port)
    nginx = subprocess.Popen(
        [NGINX, "-c", str(config), "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        wait_for(f"http://127.0.0.1:{proxy_port}/healthz")
        yield proxy_port
    finally:
        for process in (nginx, gunicorn):
            process.terminate()
        for process in (nginx, gunicorn):
            process.wait(timeout=20)


def trickle(port: int, opening: bytes, drip: bytes, until: float) -> None:
    """One slow client: send the opening, then a few bytes every 2 s until `until` (or nginx hangs up)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=3) as sock:
            sock.sendall(opening)
            while time.monotonic() < until:
                time.sleep(2)
                sock.sendall(drip)
    except OSError:
        pass  # nginx closed a client that was too slow: that is the point


def timed_get(url: str) -> float | None:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=1.0) as response:
            response.read()
            return time.monotonic() - started if response.status == 200 else None
    except OSError:
        return None


def test_slow_clients_do_not_stop_normal_requests(stack):
    port = stack
    until = time.monotonic() + ATTACK_SECONDS
    header = b"GET /about HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    body = (
        b"POST /account/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded"
        b"\r\nContent-Length: 100000\r\n\r\nemail="
    )
    attackers = [
        threading.Thread(target=trickle, args=(port, header, b"X-Slow: 1\r\n", until), daemon=True)
        for _ in range(SLOW_CLIENTS)
    ]
    attackers += [
        threading.Thread(target=trickle, args=(port, body, b"a", until), daemon=True) for _ in range(SLOW_CLIENTS)
    ]
    for thread in attackers:
        thread.start()
    time.sleep(1.0)  # every slow client connected and holding its connection
    timings = []
    for n in range(NORMAL_REQUESTS):
        timings.append(timed_get(f"http://127.0.0.1:{port}/about" if n % 2 else f"http://127.0.0.1:{port}/"))
        time.sleep(0.1)
    for thread in attackers:
        thread.join(timeout=ATTACK_SECONDS + 5)
    answered = sorted(t for t in timings if t is not None)
    p99 = answered[min(len(answered) - 1, int(len(answered) * 0.99))] if answered else None
    print(
        f"slow clients: {2 * SLOW_CLIENTS}; normal requests answered within 1 s: {len(answered)}/{len(timings)}; "
        f"p99 {p99:.3f}s"
        if p99 is not None
        else "none answered"
    )
    assert len(answered) == NORMAL_REQUESTS, f"{NORMAL_REQUESTS - len(answered)} normal requests not answered in 1 s"
