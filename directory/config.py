"""Configuration layers: defaults here, then instance/config.py, then SUKOON_* environment variables."""
import os

KNOWN_DEFAULT_KEYS = {"dev", "change-me", "secret", "changeme", "development-only-secret-key"}


class Config:
    """Defaults for every environment; the database lives under the instance folder."""

    SECRET_KEY = "development-only-secret-key"  # noqa: S105  (a known default: production must set its own)
    SQLALCHEMY_DATABASE_URI = None  # filled in by create_app: sqlite:///<instance>/sukoon.db
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 30 * 24 * 3600
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    PER_PAGE = 20
    DEFAULT_TIMEZONE = "Asia/Karachi"
    GEOCODER = "offline"  # "offline" or "nominatim"
    NOMINATIM_USER_AGENT = "sukoon-directory/1.0 (+https://sukoon.example)"
    SITE_NAME = "Sukoon"
    GEOCODER_TIMEOUT = 2.0
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STRATEGY = "moving-window"
    # Account limits (read on every request, so tests and deployments can change them); they expire, never lock.
    RATELIMIT_LOGIN_IP = "10/minute"
    RATELIMIT_LOGIN_ACCOUNT = "5/minute"
    RATELIMIT_REGISTER_IP = "5/hour"
    RATELIMIT_EMAIL_ACCOUNT = "3/hour"  # forgot password, resend verification
    RATELIMIT_EMAIL_IP = "10/hour"
    RATELIMIT_RESET_IP = "10/hour"  # submitting a new password with a reset link
    RATELIMIT_CHANGE_PASSWORD = "5/minute"  # noqa: S105  (a rate: guesses at the current password per account)
    MAIL_BACKEND = "log"  # "log" writes mail to the log and instance/mail.log; "smtp" sends it
    MAIL_SENDER = "Sukoon <no-reply@sukoon.example>"
    MAIL_LOG_PATH = None  # the "log" backend's file; None means <instance>/mail.log
    SMTP_HOST = "localhost"
    SMTP_PORT = 25
    SMTP_USERNAME = None
    SMTP_PASSWORD = None
    SMTP_STARTTLS = True
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
    if config.get("REDIS_URL") and config.get("RATELIMIT_STORAGE_URI", "memory://") == "memory://":
        config["RATELIMIT_STORAGE_URI"] = config["REDIS_URL"]  # limits shared by every worker
