"""The account emails: verification and reset links, and the note to an address's owner about a registration."""
import logging

from flask import current_app, url_for

from ...models import User
from ...services.accounts import Registration
from ...services.mail import MailError, MailSettings, send_mail
from ...services.tokens import reset_token, verification_token

logger = logging.getLogger("directory.mail")


def _send(user: User, subject: str, body: str) -> bool:
    """Send a mail; a broken mail server is logged and reported, never a 500 after the commit."""
    try:
        send_mail(MailSettings.from_config(current_app.config, current_app.instance_path), user.email, subject, body)
    except MailError:
        logger.exception("mail to user %s failed", user.id)
        return False
    return True


def send_verification(user: User) -> bool:
    link = url_for("accounts.verify_email", token=verification_token(current_app.secret_key, user), _external=True)
    return _send(user, f"Confirm your email address for {current_app.config['SITE_NAME']}",
                 f"Hello {user.display_name},\n\nOpen this link within 48 hours to confirm your email address:\n\n"
                 f"{link}\n\nIf you did not create an account, ignore this message.\n")


def send_reset(user: User) -> bool:
    link = url_for("accounts.reset_password", token=reset_token(current_app.secret_key, user), _external=True)
    return _send(user, f"Reset your {current_app.config['SITE_NAME']} password",
                 f"Hello {user.display_name},\n\nOpen this link within one hour to choose a new password:\n\n"
                 f"{link}\n\nThe link works once. If you did not ask for it, ignore this message: "
                 "your password stays as it is.\n")


def send_already_registered(user: User) -> bool:
    """Someone registered with an address that has an account: tell its owner, not the visitor."""
    site = current_app.config["SITE_NAME"]
    return _send(user, f"Someone tried to create a {site} account with your address",
                 f"Hello {user.display_name},\n\nSomeone just tried to create a new {site} account with this email "
                 "address, which already has one. Nothing was changed.\n\nIf it was you, log in:\n\n"
                 f"{url_for('accounts.login', _external=True)}\n\nor, if you forgot your password, reset it:\n\n"
                 f"{url_for('accounts.forgot_password', _external=True)}\n\nIf it was not you, ignore this message.\n")


def send_registration(registration: Registration) -> bool:
    """A verification link to a new account, the note to an existing one's owner: the visitor sees the same."""
    if registration.created:
        return send_verification(registration.user)
    if registration.user.is_sample:
        return False
    return send_already_registered(registration.user)
