"""Start-up checks for anything but the development server: a SECRET_KEY nobody can guess, one shared limit store.

Production-style means ENVIRONMENT=production, or a real WSGI server (gunicorn.conf.py sets SERVER and
SERVER_WORKERS; a gunicorn started without it is recognised by its module). Only `flask run` in development may
use the published development key, and then `weak_key_guard` answers loopback requests to Werkzeug only.
"""
import ipaddress
import math
import sys
from pathlib import Path

from flask import Flask, abort, request

from .backup import NO_MARKER, hold_serving_lock, sqlite_file

# Keys published in code (ours, tutorials'): anyone can sign cookies with them.
KNOWN_DEFAULT_KEYS = {"dev", "change-me", "secret", "changeme", "development-only-secret-key",
                      "test-secret-key-that-is-long-enough-for-tests", "you-will-never-guess", "secret-key",
                      "super-secret-key", "thisismysecretkey"}
MIN_SECRET_KEY_LENGTH = 32
MIN_KEY_BITS = 100  # length x log2(distinct characters); 32 random hex digits score about 120
MIN_DISTINCT = 10
KEY_ADVICE = "set SECRET_KEY to a long random value (python -c 'import secrets; print(secrets.token_urlsafe(48))')"


def served_by(config: dict) -> str:
    """The WSGI server the app runs under, when it is a production-style one ("" for the development server)."""
    server = str(config.get("SERVER") or "").strip().lower()
    if not server and "gunicorn" in sys.modules:  # `gunicorn wsgi:app` without the project's gunicorn.conf.py
        server = "gunicorn"
    return server


def production_style(config: dict) -> bool:
    return config.get("ENVIRONMENT") == "production" or bool(served_by(config))


def secret_key_problem(key: object) -> str | None:
    """Why this key must not sign sessions, or None when it is fine."""
    text = key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key or "")
    if not text.strip():
        return "SECRET_KEY is missing"
    if text.strip().lower() in KNOWN_DEFAULT_KEYS:
        return "SECRET_KEY is a published default value"
    if len(text) < MIN_SECRET_KEY_LENGTH:
        return (f"SECRET_KEY is too short ({len(text)} characters); "
                f"use at least {MIN_SECRET_KEY_LENGTH} random characters")
    distinct = len(set(text))
    repeats = any(text[period:] == text[:-period] for period in range(1, len(text) // 2 + 1))  # "abcabc..."
    if repeats or distinct < MIN_DISTINCT or len(text) * math.log2(distinct) < MIN_KEY_BITS:
        return "SECRET_KEY has too little randomness (repeated or too few different characters)"
    return None


def check_secret_key(config: dict) -> None:
    """A forgeable SECRET_KEY lets anyone mint admin sessions (CVE-2023-27524)."""
    problem = secret_key_problem(config.get("SECRET_KEY"))
    if problem:
        where = "production" if config.get("ENVIRONMENT") == "production" else f"a {served_by(config)} server"
        raise RuntimeError(f"{problem}: {where} refuses to start; {KEY_ADVICE}")


def workers(config: dict) -> int:
    try:
        return int(config.get("SERVER_WORKERS") or 1)
    except ValueError:
        raise RuntimeError(f"SERVER_WORKERS must be a whole number, not {config.get('SERVER_WORKERS')!r}") from None


def check_limit_store(config: dict) -> None:
    """memory:// counts per process: with N workers every rate limit would be N times looser."""
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    count = workers(config)
    if storage.startswith("memory://") and (config.get("ENVIRONMENT") == "production" or count > 1):
        reason = "production" if config.get("ENVIRONMENT") == "production" else f"{count} workers"
        raise RuntimeError(f"Rate limits need a shared store with {reason}: set REDIS_URL (e.g. "
                           "redis://127.0.0.1:6379/0), or serve with one worker (WEB_CONCURRENCY=1) in development")


LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def on_loopback_dev_server(environ: dict) -> bool:
    """Werkzeug's development server bound to a loopback address (or the test client, which sets no server)."""
    software = str(environ.get("SERVER_SOFTWARE") or "")
    if not software:
        return True
    if not software.startswith("Werkzeug"):
        return False
    name = str(environ.get("SERVER_NAME") or "")
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def register_weak_key_guard(app: Flask) -> None:
    """With a weak key (development only), refuse requests that reach the app any other way than `flask run`
    on localhost, e.g. `flask run --host 0.0.0.0` or another server started without SERVER set."""
    if app.config.get("TESTING") or not secret_key_problem(app.config.get("SECRET_KEY")):
        return

    @app.before_request
    def weak_key_guard():
        if not on_loopback_dev_server(request.environ):
            abort(503, description="This server signs sessions with the development key; set SECRET_KEY.")


_HELD: dict[Path, int] = {}  # one lock per database file per process, however many apps it builds


def hold_marker(live: Path) -> bool:
    if live not in _HELD:
        handle = hold_serving_lock(live)
        if handle is None:
            return False
        if handle != NO_MARKER:  # else tried again on the next request (the folder may appear)
            _HELD[live] = handle
    return True


def register_serving_marker(app: Flask) -> None:
    """Processes that serve requests from a SQLite file hold a shared lock that `flask restore` checks for."""
    live = sqlite_file(str(app.config.get("SQLALCHEMY_DATABASE_URI") or ""))
    if live is None:
        return
    if served_by(app.config):  # a gunicorn worker: from its start, before the first request
        hold_marker(live)

    @app.before_request
    def mark_serving():
        if not hold_marker(live):
            abort(503, description="The database is being restored. Please try again in a minute.")
