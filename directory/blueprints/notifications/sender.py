"""Sending the outbox: render each due mail in its recipient's language and hand it to the mail backend, with
retry and backoff (services/notifications/outbox.py). Runs right after a response that queued mail (so the
request never waits for the mail server) and from `flask send-mail` (cron, every minute, picks up the rest)."""
import logging
import time

import click
from flask import Flask, current_app, render_template, request, url_for
from flask_babel import force_locale
from sqlalchemy import func, select

from ...extensions import db
from ...i18n import ENVIRON_KEY, LANGUAGES, URDU_PREFIX
from ...models import OutboxMail, OutboxStatus
from ...models.base import utcnow
from ...services.mail import MailError, MailSettings, build_message, send_message
from ...services.notifications import outbox
from ...services.notifications.preferences import stopped_kinds
from ...services.notifications.queue import QUEUED
from ...services.notifications.stop_links import stop_token
from .content import CONTENT
from .labels import KIND_LABELS

logger = logging.getLogger("directory.mail")
FALSE = {"False", "false", "0", "no", ""}


def site_url(app: Flask, fallback: str | None = None) -> str:
    """Where mail links point: SITE_URL, else the host of the request that queued the mail, else SERVER_NAME."""
    configured = app.config.get("SITE_URL")
    if configured:
        return configured.rstrip("/")
    if fallback:
        return fallback.rstrip("/")
    server = app.config.get("SERVER_NAME") or "localhost:5000"
    return f"{app.config.get('PREFERRED_URL_SCHEME', 'http')}://{server}"


def render(app: Flask, row: OutboxMail, base: str):
    """(subject, text, html, stop URL) for one row, or None when what it was about is gone."""
    language = row.language if row.language in LANGUAGES else "en"
    prefix = URDU_PREFIX if language == "ur" else ""
    with app.test_request_context("/", base_url=base + prefix, environ_overrides={ENVIRON_KEY: language}), \
            force_locale(language):
        content = CONTENT[row.template](row.payload or {})
        if content is None:
            return None
        stop = url_for("notifications.stop", token=stop_token(app.secret_key, row.kind, row.user_id,
                                                              None if row.user_id else row.id), _external=True)
        settings = url_for("notifications.preferences", _external=True) if row.user_id else None
        values = {"content": content, "stop_url": stop, "settings_url": settings, "kind": KIND_LABELS[row.kind]}
        return (content.subject, render_template("mail/notification.txt", **values),
                render_template("mail/notification.html", **values), stop)


def deliver_one(app: Flask, mail_settings: MailSettings, mail_id: int, base: str) -> bool | None:
    """Claim, render and send one row; commits its outcome. True sent, False failed (retried later), None not ours
    or not sent (skipped)."""
    now = utcnow()
    row = outbox.claim(db.session, mail_id, now)
    db.session.commit()  # the lease is ours before we talk to the mail server
    if row is None:
        return None
    if row.kind in stopped_kinds(db.session, row.user_id, None if row.user_id else row.to_address):
        outbox.mark_skipped(row, "the recipient stopped this kind")
        db.session.commit()
        return None
    try:
        rendered = render(app, row, base)
    except Exception as broken:  # a bug must not leave the row leased forever: count it as a failed attempt
        db.session.rollback()
        logger.exception("mail %s (%s) could not be rendered", row.id, row.template)
        outbox.mark_failed(row, f"rendering failed: {type(broken).__name__}", utcnow())
        db.session.commit()
        return False
    if rendered is None:
        outbox.mark_skipped(row, "what the mail was about is gone")
        db.session.commit()
        return None
    subject, text, html, stop = rendered
    try:
        message = build_message(mail_settings.sender, row.to_address, subject, text, html=html, headers={
            "List-Unsubscribe": f"<{stop}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
        send_message(mail_settings, message)
    except (MailError, ValueError) as failed:  # ValueError: an address the mail library refuses
        outbox.mark_failed(row, str(failed), utcnow())
        db.session.commit()
        logger.warning("mail %s (%s) not sent, attempt %s: %s", row.id, row.template, row.attempts, failed)
        return False
    outbox.mark_sent(row, utcnow())
    db.session.commit()
    return True


def send_due(app: Flask, limit: int = 100, seconds: float | None = None, base: str | None = None,
             stop_on_failure: bool = False) -> dict[str, int]:
    """Send due mail (at most `limit` rows, within `seconds` when given); counts of sent, failed and skipped."""
    mail_settings = MailSettings.from_config(app.config, app.instance_path)
    base = site_url(app, base)
    started, counts = time.monotonic(), {"sent": 0, "failed": 0, "skipped": 0}
    for mail_id in outbox.due_ids(db.session, utcnow(), limit):
        if seconds is not None and time.monotonic() - started > seconds:
            break
        outcome = deliver_one(app, mail_settings, mail_id, base)
        counts["sent" if outcome else "failed" if outcome is False else "skipped"] += 1
        if outcome is False and stop_on_failure:
            break  # the server is down: the rest waits for `flask send-mail` rather than for more timeouts
    return counts


def _flush_after_response(app: Flask, base: str) -> None:
    try:
        with app.app_context():
            send_due(app, limit=int(app.config["MAIL_FLUSH_LIMIT"]), seconds=float(app.config["MAIL_FLUSH_SECONDS"]),
                     base=base, stop_on_failure=True)
    except Exception:  # the response is gone: log, never raise into the server
        logger.exception("sending mail after the response failed; `flask send-mail` will retry")


def flush_when_queued(response):
    """After a request that queued mail: send it once the response has gone out (call_on_close), not before."""
    if db.session.info.pop(QUEUED, False) and str(current_app.config["MAIL_FLUSH_AFTER_RESPONSE"]) not in FALSE:
        app, base = current_app._get_current_object(), request.host_url
        response.call_on_close(lambda: _flush_after_response(app, base))
    return response


@click.command("send-mail")
@click.option("--limit", default=500, show_default=True, help="Send at most this many mails.")
def send_mail_command(limit: int) -> None:
    """Send the mail waiting in the outbox (retrying failed ones whose wait is over); run it every minute."""
    counts = send_due(current_app._get_current_object(), limit=limit)
    waiting = db.session.scalar(select(func.count(OutboxMail.id)).where(OutboxMail.status == OutboxStatus.QUEUED))
    click.echo(f"Sent {counts['sent']}, failed {counts['failed']} (will retry), skipped {counts['skipped']}; "
               f"{waiting} waiting.")


def register(app: Flask) -> None:
    app.after_request(flush_when_queued)
    app.cli.add_command(send_mail_command)
