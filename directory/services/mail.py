"""Outgoing mail through the configured backend: "log" (the app log and a file) or "smtp"."""
import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app

BACKENDS = ("log", "smtp")


class MailError(RuntimeError):
    """The backend could not take the message."""


def build_message(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text message; EmailMessage refuses line breaks in headers, so no header injection."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip(">") or None)
    message.set_content(body)
    return message


def mail_log_path() -> Path:
    """MAIL_LOG_PATH, or mail.log in the instance folder."""
    configured = current_app.config.get("MAIL_LOG_PATH")
    return Path(configured) if configured else Path(current_app.instance_path) / "mail.log"


def _send_log(message: EmailMessage) -> None:
    # For development and tests only: the body holds live links, so production configures SMTP.
    # The decoded body, not the MIME text: quoted-printable would wrap long links with "=" breaks.
    headers = "".join(f"{name}: {message[name]}\n" for name in ("Date", "From", "To", "Subject"))
    text = f"{headers}\n{message.get_content()}"
    current_app.logger.info("mail (log backend):\n%s", text)
    path = mail_log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(text.rstrip("\n") + "\n\n" + "-" * 72 + "\n")


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    try:
        with smtplib.SMTP(config["SMTP_HOST"], int(config["SMTP_PORT"]), timeout=10) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("SMTP_USERNAME"):
                smtp.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"SMTP delivery to {config['SMTP_HOST']} failed: {type(exc).__name__}") from exc


def send_mail(to: str, subject: str, body: str) -> None:
    """Send one plain-text message with the backend named by MAIL_BACKEND."""
    backend = str(current_app.config.get("MAIL_BACKEND", "log")).lower()
    if backend not in BACKENDS:
        raise MailError(f"MAIL_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}")
    message = build_message(current_app.config["MAIL_SENDER"], to, subject, body)
    (_send_smtp if backend == "smtp" else _send_log)(message)
