"""The account emails: verification and password-reset links."""
from flask import current_app, url_for

from ...models import User
from ...services.mail import MailError, send_mail
from ...services.tokens import reset_token, verification_token


def _send(user: User, subject: str, body: str) -> bool:
    """Send a mail; a broken mail server is logged and reported, never a 500 after the commit."""
    try:
        send_mail(user.email, subject, body)
    except MailError:
        current_app.logger.exception("mail to user %s failed", user.id)
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
