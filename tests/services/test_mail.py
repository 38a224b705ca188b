"""Mail backends: "log" writes the log and a file a test (or a developer) can read; "smtp" talks to a server."""
import logging

import pytest

from directory.services import mail
from directory.services.mail import MailError, MailSettings
from directory.services.mail import send_mail as send_with_settings


def send_mail(to: str, subject: str, body: str) -> None:
    """Send with the test app's settings, as the web layer does."""
    from flask import current_app

    send_with_settings(MailSettings.from_config(current_app.config, current_app.instance_path), to, subject, body)


def mail_log_path():
    from flask import current_app

    return MailSettings.from_config(current_app.config, current_app.instance_path).log_path


def test_log_backend_appends_to_the_mail_log_and_the_app_log(app, tmp_path, caplog):
    app.config["MAIL_LOG_PATH"] = str(tmp_path / "mail.log")
    caplog.set_level(logging.INFO)
    link = "https://sukoon.test/accounts/verify/" + "x" * 150
    send_mail("hina@example.com", "First", f"Open {link}\n")
    send_mail("ali@example.com", "Second", "Hello, ñ and ✓\n")
    text = (tmp_path / "mail.log").read_text(encoding="utf-8")
    assert "To: hina@example.com" in text and "Subject: First" in text and link in text  # not wrapped by encoding
    assert "To: ali@example.com" in text and "ñ and ✓" in text
    assert any(link in record.getMessage() for record in caplog.records)


def test_mail_log_defaults_to_the_instance_folder(app):
    app.config["MAIL_LOG_PATH"] = None
    assert mail_log_path() == mail_log_path().parent / "mail.log"
    assert str(mail_log_path().parent) == app.instance_path


def test_headers_cannot_be_injected(app, tmp_path):
    app.config["MAIL_LOG_PATH"] = str(tmp_path / "mail.log")
    with pytest.raises(ValueError):
        send_mail("hina@example.com", "Hi\nBcc: everyone@example.com", "body")


class FakeSMTP:
    """Records what an SMTP session would do; no network."""

    sessions: list = []

    def __init__(self, host, port, timeout):
        self.calls = [("connect", host, port, timeout)]
        FakeSMTP.sessions.append(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        self.calls.append(("starttls",))

    def login(self, user, password):
        self.calls.append(("login", user, password))

    def send_message(self, message):
        self.calls.append(("send", message["To"], message["Subject"], message.get_content()))


def test_smtp_backend_uses_the_configured_server(app, monkeypatch):
    FakeSMTP.sessions = []
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="mail.example", SMTP_PORT=587, SMTP_USERNAME="sukoon",
                      SMTP_PASSWORD="smtp-secret", SMTP_STARTTLS=True)
    send_mail("hina@example.com", "Reset", "Open the link.\n")
    [session] = FakeSMTP.sessions
    assert session.calls == [("connect", "mail.example", 587, 10), ("starttls",), ("login", "sukoon", "smtp-secret"),
                             ("send", "hina@example.com", "Reset", "Open the link.\n")]


def test_smtp_failure_is_a_mail_error(app, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr(mail.smtplib, "SMTP", refuse)
    app.config["MAIL_BACKEND"] = "smtp"
    with pytest.raises(MailError):
        send_mail("hina@example.com", "Reset", "body")


def test_an_unknown_backend_is_refused(app):
    app.config["MAIL_BACKEND"] = "carrier-pigeon"
    with pytest.raises(MailError):
        send_mail("hina@example.com", "Hi", "body")


def test_an_unknown_backend_stops_the_app_at_start(empty_database_url):
    from ..conftest import make_app

    with pytest.raises(RuntimeError, match="MAIL_BACKEND"):
        make_app(empty_database_url, MAIL_BACKEND="carrier-pigeon")
