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

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # loopback: only nginx on this host talks to gunicorn
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

timeout = 30  # a worker silent this long is killed and replaced
graceful_timeout = 30  # on reload or stop, in-flight requests get this long to finish
keepalive = 5  # nginx keeps upstream connections open between requests

# Only the local nginx may set X-Forwarded-*; the app's ProxyFix (PROXY_HOPS=1) reads the client's address from them.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

limit_request_line = 8190
limit_request_fields = 100
accesslog = "-"
# The path without its query string, and no referrer: searches (places, postcodes) and signed links stay out of the
# access log, as they do out of the app's own log (directory/ops).
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"
# Recycle workers now and then, staggered, so slow leaks never build up. Not too often: a new worker builds its
# search snapshot before serving (post_worker_init), and meanwhile the other worker carries every request; at 2,000
# a worker was replaced every 10 s at 400 requests/s.
max_requests = 20000
max_requests_jitter = 2000


def post_worker_init(worker):
    """Before a new worker takes requests: build its search snapshot, so no request waits for it (about 2 s at
    100,000 listings, after every start and every max_requests recycling); then move everything made so far
    (modules, templates, the snapshot: about 125,000 objects) out of the cycle collector's reach: a full
    collection walked them all, about 50 ms with the interpreter lock held, a pause any request could fall into."""
    import gc

    try:
        from directory.search import index_at

        index_at(worker.wsgi.config["SEARCH_INDEX_DIR"]).warm()
    except Exception:  # a worker without a warm index still serves; its first search builds the snapshot
        worker.log.exception("Warming the search index before taking requests failed")
    gc.freeze()
