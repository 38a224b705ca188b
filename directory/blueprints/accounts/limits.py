"""Rate limits for the account forms: per client IP and per account, POSTs only, read from config."""
import logging
import math
import time

from flask import current_app, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter import RequestLimit
from flask_limiter.util import get_remote_address
from flask_login import current_user

from ...extensions import limiter
from ...services.tokens import device_nonce
from .security import log_event


def setting(name: str):
    """A callable Flask-Limiter evaluates on every request, so config changes apply at once."""
    return lambda: current_app.config[name]


def account_key() -> str:
    """The account a request is about: the submitted email, else the signed-in user."""
    email = (request.form.get("email") or "").strip().lower()[:254]
    if email:
        return f"account:{email}"
    if current_user.is_authenticated:
        return f"account:{current_user.email}"
    return f"account:-{get_remote_address()}"  # no address given: never one bucket shared by everybody


def login_key() -> str:
    """Per account, except that a browser holding this account's device cookie counts on its own: strangers'
    failed guesses cannot lock the owner out, and guessing from that browser is still limited (OWASP device cookies)."""
    email = (request.form.get("email") or "").strip().lower()[:254]
    config = current_app.config
    nonce = device_nonce(current_app.secret_key, request.cookies.get(config["DEVICE_COOKIE_NAME"]), email,
                         int(config["DEVICE_COOKIE_DAYS"]) * 24 * 3600) if email else None
    return f"device:{nonce}" if nonce else account_key()


def signed_in_key() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else f"ip:{get_remote_address()}"


def friendly_message() -> str:
    """Say how long to wait; the limit lifts by itself, nothing is locked."""
    current = limiter.current_limit
    seconds = max(1, int(current.reset_at - time.time())) if current else 60
    wait = (ngettext("%(num)d second", "%(num)d seconds", seconds) if seconds < 120
            else ngettext("%(num)d minute", "%(num)d minutes", math.ceil(seconds / 60)))
    return _("Too many attempts. Please wait about %(wait)s and try again; nothing has been locked.", wait=wait)


def log_breach(limit: RequestLimit) -> None:
    log_event("rate_limited", level=logging.WARNING, endpoint=request.endpoint, limit=str(limit.limit))


def post_limit(name: str, key_func=get_remote_address):
    """Limit POSTs to the view by the config setting `name`, counted per `key_func`."""
    return limiter.limit(setting(name), key_func=key_func, methods=["POST"], error_message=friendly_message,
                         on_breach=log_breach)
