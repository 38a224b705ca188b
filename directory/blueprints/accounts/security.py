"""Security events (ASVS 16.3): who, what, from where; never passwords, tokens or cookies."""
import logging

from flask import current_app, request
from flask_login import current_user


def security_logger() -> logging.Logger:
    """A child of the app logger ("directory.security"), so it follows the app's log setup."""
    return current_app.logger.getChild("security")


def log_event(event: str, *, level: int = logging.INFO, **fields: object) -> None:
    """One line per event; values are repr()'d so attacker-chosen text cannot forge extra log lines."""
    if "user_id" not in fields and current_user and current_user.is_authenticated:
        fields["user_id"] = current_user.id
    fields["ip"] = request.remote_addr
    details = " ".join(f"{key}={value!r}" for key, value in fields.items())
    security_logger().log(level, "security event=%s %s", event, details)
