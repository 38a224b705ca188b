"""The account emails: verification and reset links, and the note to an address's owner about a registration.

Each is written in the recipient's language (`user.language`; English when they never chose), whatever the language
of the page that sent it, and its links open the site in that language too.
"""
import logging

from flask import current_app, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from ...i18n import DEFAULT_LANGUAGE, LANGUAGES, url_in
from ...models import User
from ...services.accounts import Registration
from ...services.mail import MailError, MailSettings, send_mail
from ...services.tokens import reset_token, verification_token

logger = logging.getLogger("directory.mail")


def language_of_user(user: User) -> str:
    return user.language if user.language in LANGUAGES else DEFAULT_LANGUAGE


def _link(language: str, endpoint: str, **values) -> str:
    """An absolute link to `endpoint` in `language` (not the sending page's)."""
    path = url_for(endpoint, **values)[len(request.script_root):]
    return request.host_url.rstrip("/") + url_in(language, path, "")


def _send(user: User, subject: str, body: str) -> bool:
    """Send a mail; a broken mail server is logged and reported, never a 500 after the commit."""
    try:
        send_mail(MailSettings.from_config(current_app.config, current_app.instance_path), user.email, subject, body)
    except MailError:
        logger.exception("mail to user %s failed", user.id)
        return False
    return True


def send_verification(user: User) -> bool:
    language = language_of_user(user)
    link = _link(language, "accounts.verify_email", token=verification_token(current_app.secret_key, user))
    with force_locale(language):
        subject = _("Confirm your email address for %(site)s", site=current_app.config["SITE_NAME"])
        body = _("Hello %(name)s,\n\nOpen this link within 48 hours to confirm your email address:\n\n%(link)s\n\n"
                 "If you did not create an account, ignore this message.\n", name=user.display_name, link=link)
    return _send(user, subject, body)


def send_reset(user: User) -> bool:
    language = language_of_user(user)
    link = _link(language, "accounts.reset_password", token=reset_token(current_app.secret_key, user))
    with force_locale(language):
        subject = _("Reset your %(site)s password", site=current_app.config["SITE_NAME"])
        body = _("Hello %(name)s,\n\nOpen this link within one hour to choose a new password:\n\n%(link)s\n\n"
                 "The link works once. If you did not ask for it, ignore this message: your password stays as it "
                 "is.\n", name=user.display_name, link=link)
    return _send(user, subject, body)


def send_already_registered(user: User) -> bool:
    """Someone registered with an address that has an account: tell its owner, not the visitor."""
    language = language_of_user(user)
    login, forgot = _link(language, "accounts.login"), _link(language, "accounts.forgot_password")
    with force_locale(language):
        site = current_app.config["SITE_NAME"]
        subject = _("Someone tried to create a %(site)s account with your address", site=site)
        body = _("Hello %(name)s,\n\nSomeone just tried to create a new %(site)s account with this email address, "
                 "which already has one. Nothing was changed.\n\nIf it was you, log in:\n\n%(login)s\n\nor, if you "
                 "forgot your password, reset it:\n\n%(forgot)s\n\nIf it was not you, ignore this message.\n",
                 name=user.display_name, site=site, login=login, forgot=forgot)
    return _send(user, subject, body)


def send_registration(registration: Registration) -> bool:
    """A verification link to a new account, the note to an existing one's owner: the visitor sees the same."""
    if registration.created:
        return send_verification(registration.user)
    if registration.user.is_sample:
        return False
    return send_already_registered(registration.user)
