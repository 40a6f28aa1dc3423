"""gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`, behind nginx (deploy/nginx/).

Why these (measured on the 2-core machine, see docs/deployment.md):
- gthread workers: requests wait on PostgreSQL and Redis, and threads in one process share its warm search snapshot
  (at 100,000 listings a worker holds a few hundred MB of it), so threads add concurrency without that memory.
  nginx buffers whole requests and responses, so a slow client never holds a thread; without nginx, two slow clients
  held both sync workers.
- 2 workers x 4 threads on 2 cores; WEB_CONCURRENCY, GUNICORN_THREADS and GUNICORN_WORKER_CLASS change them (the
  last one so the benchmark can compare "sync" on the same settings).
"""
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")   # loopback: only nginx on this host talks to gunicorn
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

timeout = 30             # a worker silent this long is killed and replaced
graceful_timeout = 30    # on reload or stop, in-flight requests get this long to finish
keepalive = 5            # nginx keeps upstream connections open between requests

# Only the local nginx may set X-Forwarded-*; the app's ProxyFix (PROXY_HOPS=1) reads the client's address from them.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

limit_request_line = 8190
limit_request_fields = 100
accesslog = "-"
errorlog = "-"
max_requests = 2000          # recycle workers now and then, staggered, so slow leaks never build up
max_requests_jitter = 200
