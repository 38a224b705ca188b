"""gunicorn settings for `make serve`: `gunicorn -c gunicorn.conf.py wsgi:app` (environment variables override)."""
import gc
import multiprocessing
import os

# Loopback unless told otherwise: a public bind belongs behind a reverse proxy that terminates TLS.
bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]
# Sync workers: requests are short and CPU-light, and each worker holds at most one database connection at a time.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count())
worker_class = "sync"
timeout = 30  # a request that takes longer is stuck: the worker is killed and replaced
graceful_timeout = 20  # on restart or deploy, in-flight requests get this long to finish
keepalive = 2
max_requests = 100_000  # recycle workers now and then so a slow leak cannot grow forever...
max_requests_jitter = 10_000  # ...but not all at the same moment
accesslog = "-"
errorlog = "-"
# No request line: query strings and reset/verify links carry tokens. The app's own access line (logger
# directory.access) has the path, with tokens redacted, under the same request id.
access_log_format = '%(h)s %(t)s %(m)s %(s)s %(B)sB %(M)sms request_id=%({x-request-id}o)s'
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Which peers may set X-Forwarded-Proto for gunicorn: nobody unless the deployment says so. The app trusts
# X-Forwarded-* itself only through PROXY_HOPS (werkzeug's ProxyFix), so a forged header cannot change a client's IP.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "")
# Reject oversized request lines and headers early; the app has its own body limit (MAX_CONTENT_LENGTH).
limit_request_line = 8190
limit_request_fields = 100
# gunicorn >= 25.1 opens a control socket at one fixed path per user, which every instance on the host would share
# (a load test next to a dev server, say); nothing here uses gunicornc. Older versions ignore the setting.
control_socket_disable = True
# Tell the app it is served production-style: it refuses a weak SECRET_KEY, and with several workers it refuses
# per-process rate limit counters (memory://) that would multiply every limit by the number of workers.
os.environ["SUKOON_SERVER"] = "gunicorn"


def on_starting(server) -> None:
    """The final worker count (after --workers on the command line): the workers inherit it when forked."""
    os.environ["SUKOON_SERVER_WORKERS"] = str(server.cfg.workers)


def post_worker_init(worker) -> None:
    """What the worker built loading the app (modules, models, routes: ~150,000 objects) leaves the garbage
    collector's walks: a full collection walked it all, 65-110 ms on the bench machine, every few hundred searches
    (the price sort's page 50: p95 104-109 ms for a 6 ms median; docs/PERFORMANCE.md, "Full collections")."""
    gc.freeze()
