"""Starting a signed-in session, and the device cookie that marks a browser that logged in before."""
import secrets

from flask import Response, current_app, flash, session
from flask_babel import gettext as _
from flask_login import login_user

from ...models import User
from ...services.tokens import device_token


def start_session(user: User, remember: bool) -> None:
    """A fresh session for the user: nothing from before the login survives (no session fixation)."""
    session.clear()
    login_user(user, remember=remember, fresh=True)


def set_device_cookie(response: Response, user: User) -> Response:
    """Signed, per browser, sent only to the account pages; it gives no access, it only marks a known device."""
    config = current_app.config
    response.set_cookie(config["DEVICE_COOKIE_NAME"], device_token(current_app.secret_key, user.email,
                                                                   secrets.token_urlsafe(16)),
                        max_age=int(config["DEVICE_COOKIE_DAYS"]) * 24 * 3600, path="/accounts/", httponly=True,
                        samesite="Lax", secure=bool(config.get("SESSION_COOKIE_SECURE")))
    return response


def remind_to_verify(user: User) -> None:
    if user.email_verified_at is None:
        flash(_("You are logged in. Please verify your email address (see your profile) to post reviews."), "warning")
