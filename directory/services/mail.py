"""Outgoing mail through the configured backend: "log" (the log and a file) or "smtp"; settings come as arguments."""
import logging
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

BACKENDS = ("log", "smtp")
logger = logging.getLogger("directory.mail")


class MailError(RuntimeError):
    """The backend could not take the message."""


@dataclass(frozen=True)
class MailSettings:
    """Where and how mail goes; `MailSettings.from_config(app.config, app.instance_path)` in the web layer."""

    backend: str = "log"
    sender: str = "Sukoon <no-reply@sukoon.example>"
    log_path: Path = Path("mail.log")
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    smtp_timeout: float = 10.0

    @classmethod
    def from_config(cls, config: Mapping, instance_path: str) -> "MailSettings":
        configured = config.get("MAIL_LOG_PATH")
        return cls(backend=str(config.get("MAIL_BACKEND", "log")).lower(), sender=config["MAIL_SENDER"],
                   log_path=Path(configured) if configured else Path(instance_path) / "mail.log",
                   smtp_host=config.get("SMTP_HOST", "localhost"), smtp_port=int(config.get("SMTP_PORT", 25)),
                   smtp_username=config.get("SMTP_USERNAME"), smtp_password=config.get("SMTP_PASSWORD"),
                   smtp_starttls=bool(config.get("SMTP_STARTTLS")),
                   smtp_timeout=float(config.get("SMTP_TIMEOUT", 10)))


def build_message(sender: str, to: str, subject: str, body: str, html: str | None = None,
                  headers: Mapping[str, str] | None = None) -> EmailMessage:
    """A plain-text message (with an HTML alternative when given); EmailMessage refuses line breaks in headers,
    so no header injection."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip(">") or None)
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def _send_log(settings: MailSettings, message: EmailMessage) -> None:
    # For development and tests only: the body holds live links, so production configures SMTP.
    # The decoded body, not the MIME text: quoted-printable would wrap long links with "=" breaks.
    names = ("Date", "From", "To", "Subject", "List-Unsubscribe", "List-Unsubscribe-Post")
    headers = "".join(f"{name}: {message[name]}\n" for name in names if message[name] is not None)
    text = f"{headers}\n{message.get_body(('plain',)).get_content()}"
    logger.info("mail (log backend):\n%s", text)
    settings.log_path.parent.mkdir(parents=True, exist_ok=True)
    with settings.log_path.open("a", encoding="utf-8") as log:
        log.write(text.rstrip("\n") + "\n\n" + "-" * 72 + "\n")


def _send_smtp(settings: MailSettings, message: EmailMessage) -> None:
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"SMTP delivery to {settings.smtp_host} failed: {type(exc).__name__}") from exc


def send_message(settings: MailSettings, message: EmailMessage) -> None:
    """Hand a built message to the backend the settings name; MailError when it cannot take it."""
    if settings.backend not in BACKENDS:
        raise MailError(f"MAIL_BACKEND must be one of {', '.join(BACKENDS)}, not {settings.backend!r}")
    (_send_smtp if settings.backend == "smtp" else _send_log)(settings, message)


def send_mail(settings: MailSettings, to: str, subject: str, body: str) -> None:
    """Send one plain-text message with the backend the settings name."""
    send_message(settings, build_message(settings.sender, to, subject, body))
