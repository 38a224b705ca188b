"""Configuration layers: defaults here, then instance/config.py, then SUKOON_* environment variables."""
import os

from .paths import PROJECT_ROOT
from .serving_checks import check_limit_store, check_secret_key, production_style


class Config:
    """Defaults for every environment; the database lives under the instance folder."""

    SECRET_KEY = "development-only-secret-key"  # noqa: S105  (a known default: production must set its own)
    SQLALCHEMY_DATABASE_URI = None  # filled in by create_app: sqlite:///<instance>/sukoon.db
    # Test a pooled connection before use: after a PostgreSQL restart the app reconnects instead of failing
    # once per stale connection (dropped on SQLite, see database.engine_options).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 5000  # a writer waits this long for another before giving up (then 503)
    SQLITE_CACHE_MB = 64  # each SQLite connection's page cache (database.configure_engine)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 30 * 24 * 3600
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024  # whole request body: one upload (UPLOAD_MAX_BYTES) plus the form around it
    UPLOAD_FOLDER = None  # photos and evidence files; None means <instance>/uploads
    UPLOAD_MAX_BYTES = 8 * 1024 * 1024  # one uploaded file
    UPLOAD_MAX_PIXELS = 16_000_000  # width x height decoded at most, checked from the header before decoding
    PER_PAGE = 20
    DEFAULT_TIMEZONE = "Asia/Karachi"
    GEOCODER = "offline"  # "offline" or "nominatim"
    CONDITIONS_FILE = None  # the conditions catalog the search box reads; None means seeds/conditions.json
    GAZETTEER_FOLDER = str(PROJECT_ROOT / "seeds" / "gazetteer")  # the offline gazetteer's CSV files
    NOMINATIM_USER_AGENT = "sukoon-directory/1.0 (+https://sukoon.example)"
    SITE_NAME = "Sukoon"
    GEOCODER_TIMEOUT = 2.0
    RATELIMIT_STORAGE_URI = "memory://"
    CACHE_TYPE = "SimpleCache"
    SEARCH_CACHE_SECONDS = 60
    PAGE_CACHE_SECONDS = 60  # anonymous search and center pages (page_cache.py); 0 turns the page cache off
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STRATEGY = "moving-window"
    # Redis down: count in each process's memory with the same limits and keep serving, rather than fail requests
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    # Account limits (read on every request, so tests and deployments can change them); they expire, never lock.
    RATELIMIT_LOGIN_IP = "10/minute"
    RATELIMIT_LOGIN_ACCOUNT = "5/minute"
    RATELIMIT_REGISTER_IP = "5/hour"
    RATELIMIT_EMAIL_ACCOUNT = "3/hour"  # forgot password, resend verification
    RATELIMIT_EMAIL_IP = "10/hour"
    RATELIMIT_RESET_IP = "10/hour"  # submitting a new password with a reset link
    RATELIMIT_CHANGE_PASSWORD = "5/minute"  # noqa: S105  (a rate: guesses at the current password per account)
    RATELIMIT_CHANGE_REPORT = "5/hour"  # "report a change" submissions per client
    RATELIMIT_REVIEW_POST = "20 per hour"  # new-review submissions per member: slows guessing of visit codes
    RATELIMIT_BOOKING_IP = "10 per hour"  # guest booking requests per client address
    RATELIMIT_BOOKING_PHONE = "3 per hour"  # guest booking requests per mobile number
    INSIGHTS_FLUSH_SECONDS = 30  # owner insights (views, search appearances, contact clicks) buffered per worker
    MAIL_BACKEND = "log"  # "log" writes mail to the log and instance/mail.log; "smtp" sends it
    MAIL_SENDER = "Sukoon <no-reply@sukoon.example>"
    MAIL_LOG_PATH = None  # the "log" backend's file; None means <instance>/mail.log
    SMTP_HOST = "localhost"
    SMTP_PORT = 25
    SMTP_USERNAME = None
    SMTP_PASSWORD = None
    SMTP_STARTTLS = True
    SMTP_TIMEOUT = 10  # seconds to connect and talk to the SMTP server
    SITE_URL = None  # e.g. "https://sukoon.pk": links in mail; None: the host of the request that queued it
    MAIL_FLUSH_AFTER_RESPONSE = True  # send queued mail once the response has gone out (`flask send-mail` retries)
    MAIL_FLUSH_LIMIT = 5  # mails one response's flush sends at most
    MAIL_FLUSH_SECONDS = 3.0  # and for at most this long (it stops at the first failure)
    NOMINATIM_DOMAIN = None
    API_TITLE = "Sukoon public API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    REVIEWS_PER_DAY = 3  # new reviews one member may post in 24 hours
    REVIEW_BURST_COUNT = 5  # this many new reviews of one center...
    REVIEW_BURST_MINUTES = 10  # ...within this many minutes holds further ones for moderation
    VISIT_CODE_DAYS = 30  # how long a visit code stays valid
    ENVIRONMENT = "development"  # "production" turns on the start-up checks and Secure cookies
    LOG_FORMAT = None  # "text" or "json"; None means json in production, text elsewhere
    PROXY_HOPS = 0  # reverse proxies in front of the app whose X-Forwarded-* headers are trusted
    SERVER = ""  # the production-style WSGI server ("gunicorn", set by gunicorn.conf.py); "" for `flask run`
    SERVER_WORKERS = 1  # its worker processes (gunicorn.conf.py sets it): more than one needs a shared limit store
    DEVICE_COOKIE_NAME = "sukoon_device"  # a browser that logged in before: not held back by strangers' failures
    DEVICE_COOKIE_DAYS = 180


def from_environment(prefix: str = "SUKOON_") -> dict:
    """Settings from prefixed environment variables, plus the conventional DATABASE_URL and SECRET_KEY."""
    values = {key[len(prefix):]: value for key, value in os.environ.items() if key.startswith(prefix)}
    if "DATABASE_URL" in os.environ:
        values.setdefault("SQLALCHEMY_DATABASE_URI", os.environ["DATABASE_URL"])
    if "DATABASE_URL" in values:
        values["SQLALCHEMY_DATABASE_URI"] = values.pop("DATABASE_URL")
    for name in ("SECRET_KEY", "REDIS_URL"):
        if name in os.environ:
            values.setdefault(name, os.environ[name])
    return values


GEOCODERS = ("offline", "nominatim")
MAIL_BACKENDS = ("log", "smtp")
ENVIRONMENTS = ("development", "production")
LOG_FORMATS = ("text", "json")


def check_config(config: dict) -> None:
    """Refuse to start with settings that would fail on every request."""
    provider = str(config.get("GEOCODER", "")).strip().lower()
    if provider not in GEOCODERS:
        raise RuntimeError(f"GEOCODER must be one of {', '.join(GEOCODERS)}, not {config.get('GEOCODER')!r}")
    config["GEOCODER"] = provider
    config["GEOCODER_TIMEOUT"] = float(config.get("GEOCODER_TIMEOUT", 2.0))
    backend = str(config.get("MAIL_BACKEND", "log")).strip().lower()
    if backend not in MAIL_BACKENDS:
        raise RuntimeError(f"MAIL_BACKEND must be one of {', '.join(MAIL_BACKENDS)}, "
                           f"not {config.get('MAIL_BACKEND')!r}")
    config["MAIL_BACKEND"] = backend
    for name in ("SEARCH_CACHE_SECONDS", "PAGE_CACHE_SECONDS"):  # from the environment they are text
        try:
            config[name] = int(config.get(name, 60))
        except ValueError:
            raise RuntimeError(f"{name} must be a whole number of seconds (0: off), not {config.get(name)!r}") from None
    if config.get("REDIS_URL") and config.get("CACHE_TYPE") == "SimpleCache":
        config["CACHE_TYPE"], config["CACHE_REDIS_URL"] = "RedisCache", config["REDIS_URL"]  # shared by workers
    if config.get("REDIS_URL") and config.get("RATELIMIT_STORAGE_URI", "memory://") == "memory://":
        config["RATELIMIT_STORAGE_URI"] = config["REDIS_URL"]  # limits shared by every worker
    check_serving(config)


def check_serving(config: dict) -> None:
    """Environment, proxy hops and log format; production refuses a weak SECRET_KEY and debug."""
    environment = str(config.get("ENVIRONMENT") or "development").strip().lower()
    if environment not in ENVIRONMENTS:  # a typo such as "prod" must not skip the production checks
        raise RuntimeError(f"ENVIRONMENT must be one of {', '.join(ENVIRONMENTS)}, not {config.get('ENVIRONMENT')!r}")
    config["ENVIRONMENT"] = environment
    try:
        config["PROXY_HOPS"] = int(config.get("PROXY_HOPS") or 0)
    except ValueError:
        raise RuntimeError(f"PROXY_HOPS must be a whole number, not {config.get('PROXY_HOPS')!r}") from None
    if config["PROXY_HOPS"] < 0:
        raise RuntimeError("PROXY_HOPS must be 0 (no proxy) or the number of proxies in front of the app")
    log_format = str(config.get("LOG_FORMAT") or ("json" if environment == "production" else "text")).strip().lower()
    if log_format not in LOG_FORMATS:
        raise RuntimeError(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {config.get('LOG_FORMAT')!r}")
    config["LOG_FORMAT"] = log_format
    if not config.get("TESTING"):
        if production_style(config):
            check_secret_key(config)
        check_limit_store(config)
    if environment == "production" and not config.get("TESTING"):
        check_production(config)


def check_production(config: dict) -> None:
    """Debug runs code for visitors; cookies travel over HTTPS only."""
    if config.get("DEBUG"):
        raise RuntimeError("DEBUG is on in production: the debugger would let visitors run code; turn it off")
    config["SESSION_COOKIE_SECURE"] = True
    config["REMEMBER_COOKIE_SECURE"] = True
