"""Notifications end to end: events queue mail, the sender renders it (text + HTML, the recipient's language,
RFC 8058 stop headers) and sends it; a mail server that is down loses nothing."""
import base64
import socket
from datetime import timedelta
from email.message import EmailMessage

import pytest
from sqlalchemy import select, update

from directory.blueprints.notifications import sender
from directory.extensions import db
from directory.models import BookingRequest, MailOptOut, OutboxMail

from ...reviewing import BODY, pending_claim, sign_in
from ..bookings.test_bookings import ALL_DAY, form


@pytest.fixture
def center(factories):
    return factories.center(name="The Royal Spa", menu=[(factories.service(name="Swedish massage"), 60, 4500)],
                            hours=ALL_DAY)


@pytest.fixture
def outbox_sent(monkeypatch):
    """The messages the backend accepted, as built (headers, text and HTML parts)."""
    sent: list[EmailMessage] = []
    monkeypatch.setattr(sender, "send_message", lambda settings, message: sent.append(message))
    return sent


def send(app) -> dict:
    db.session.execute(update(OutboxMail).values(next_attempt_at=OutboxMail.created_at))  # any backoff is over
    db.session.commit()
    return sender.send_due(app)


def queued() -> list[OutboxMail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def latest_booking() -> BookingRequest:
    return db.session.scalar(select(BookingRequest).order_by(BookingRequest.id.desc()))


def test_a_guest_with_an_email_gets_the_sent_and_confirmed_mails(app, client, auth, factories, center, outbox_sent):
    client.post(f"/centers/{center.slug}/book", data=form(center, email="ayesha@example.com"))
    booking = latest_booking()
    assert [(row.template, row.to_address) for row in queued()] == [("booking_sent", "ayesha@example.com")]
    assert send(app)["sent"] == 1
    message = outbox_sent[0]
    assert message["To"] == "ayesha@example.com" and booking.reference in message["Subject"]
    assert f"/bookings/{booking.token}" in text_of(message) and f"/bookings/{booking.token}" in html_of(message)
    assert "WhatsApp" in text_of(message)
    assert message["List-Unsubscribe"].startswith("<http://sukoon.test/mail/stop/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    manager = factories.manager(center)
    auth.login_as(manager)
    client.post(f"/manage/centers/{center.slug}/bookings/{booking.id}/confirm",
                data={"version": booking.version, "window": "18:30-19:30"})
    send(app)
    assert "Confirmed: The Royal Spa" in outbox_sent[1]["Subject"] and "18:30-19:30" in text_of(outbox_sent[1])
    assert not [row for row in queued() if row.to_address == manager.email]  # a guest's request: not mailed to them


def test_a_members_request_goes_to_the_centers_managers_with_a_verified_address(app, client, auth, factories,
                                                                                 center, outbox_sent):
    manager = factories.manager(center, factories.user(role="owner", language="ur"))
    factories.manager(center, factories.user(role="owner", verified=False))
    member = factories.user()
    sign_in(auth, member)
    client.post(f"/centers/{center.slug}/book", data=form(center))
    assert sorted((row.template, row.to_address) for row in queued()) == [
        ("booking_new", manager.email), ("booking_sent", member.email)]
    send(app)
    to_manager = next(m for m in outbox_sent if m["To"] == manager.email)
    assert "درخواست" in to_manager["Subject"]  # the manager chose Urdu
    assert 'dir="rtl"' in html_of(to_manager) and f"/ur/manage/centers/{center.slug}/bookings" in text_of(to_manager)


def test_a_guest_gets_mail_in_the_language_they_used_on_the_site(app, client, center, outbox_sent):
    client.post(f"/ur/centers/{center.slug}/book", data=form(center, email="sana@example.com"))
    assert latest_booking().language == "ur"
    send(app)
    assert "بکنگ" in outbox_sent[0]["Subject"] and "/ur/bookings/" in text_of(outbox_sent[0])


def test_completing_a_visit_mails_the_invitation_with_the_visit_code(app, client, auth, factories, center,
                                                                      outbox_sent):
    client.post(f"/centers/{center.slug}/book", data=form(center, email="ayesha@example.com"))
    booking = latest_booking()
    auth.login_as(factories.manager(center))
    client.post(f"/manage/centers/{center.slug}/bookings/{booking.id}/confirm",
                data={"version": booking.version, "window": "15:00-16:00"})
    db.session.refresh(booking)
    booking.requested_on -= timedelta(days=3)  # the visit has happened
    db.session.commit()
    client.post(f"/manage/centers/{center.slug}/bookings/{booking.id}/complete", data={"version": booking.version})
    send(app)
    db.session.refresh(booking)
    invitation = outbox_sent[-1]
    assert "How was your visit to The Royal Spa?" == invitation["Subject"]
    assert booking.review_code in text_of(invitation)
    assert f"/centers/{center.slug}/reviews/new?visit_code={booking.review_code}" in text_of(invitation)


def test_declined_proposed_and_cancelled_each_mail_the_customer(app, client, auth, factories, center, outbox_sent):
    manager = factories.manager(center)
    for action, data in (("decline", {"reason": "Fully booked that day"}),
                         ("propose", {"proposed_at": (latest_day := form(center)["day"]) + "T20:00"})):
        client.post(f"/centers/{center.slug}/book", data=form(center, email="ayesha@example.com",
                                                              mobile=f"0300-12345{len(action)}0"))
        booking = latest_booking()
        sign_in(auth, manager)
        client.post(f"/manage/centers/{center.slug}/bookings/{booking.id}/{action}",
                    data={"version": booking.version, **data})
        auth.logout()
    db.session.refresh(booking)
    assert client.post(f"/bookings/{booking.token}", data={"action": "cancel", "version": booking.version}
                       ).status_code == 302
    send(app)
    subjects = [message["Subject"] for message in outbox_sent]
    assert any("cannot take your booking request" in s for s in subjects)
    assert any("proposes another time" in s for s in subjects)
    assert any(s.endswith("cancelled") for s in subjects)
    assert "Fully booked that day" in "".join(text_of(m) for m in outbox_sent)
    assert latest_day


def test_claim_review_reply_and_report_mails(app, client, auth, factories, center, outbox_sent):
    claimant, admin = factories.user(), factories.user(role="admin")
    claim = pending_claim(db.session, center, claimant)
    sign_in(auth, admin)
    client.post(f"/admin/claims/{claim.id}/approve", data={"reason": ""})
    author = factories.user()
    sign_in(auth, author)
    client.post(f"/centers/{center.slug}/reviews/new", data={"rating": "5", "title": "Calm", "body": BODY})
    review = center_review = db.session.scalar(select(OutboxMail).where(OutboxMail.template == "review_new"))
    assert review is not None and review.to_address == claimant.email
    sign_in(auth, claimant)
    review_id = center_review.payload["review_id"]
    client.post(f"/reviews/{review_id}/reply", data={"body": "Thank you for coming."})
    auth.logout()
    client.post(f"/centers/{center.slug}/report", data={"kind": "phone", "details": "The number on the page is off."})
    send(app)
    by_to = {(m["To"], m["Subject"]) for m in outbox_sent}
    assert (claimant.email, "You now manage The Royal Spa on Sukoon") in by_to
    assert (claimant.email, "New review of The Royal Spa: 5 of 5 stars") in by_to
    assert (author.email, "The Royal Spa replied to your review") in by_to
    assert (claimant.email, "A change was reported on The Royal Spa") in by_to
    reply_mail = next(m for m in outbox_sent if m["To"] == author.email)
    assert "Thank you for coming." in text_of(reply_mail) and "Thank you for coming." in html_of(reply_mail)


def test_user_content_is_escaped_in_the_html_part(app, client, center, outbox_sent):
    client.post(f"/centers/{center.slug}/book", data=form(center, email="x@example.com", name="<b>Bold</b>"))
    booking = latest_booking()
    booking.item_label = "<script>alert(1)</script>"
    db.session.commit()
    send(app)
    assert "<script>alert(1)" not in html_of(outbox_sent[0]) and "&lt;script&gt;" in html_of(outbox_sent[0])


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe closes


def test_a_mail_server_that_is_down_loses_nothing(app, client, runner, center):
    app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=closed_port(), SMTP_TIMEOUT=1,
                      SMTP_STARTTLS=False)
    client.post(f"/centers/{center.slug}/book", data=form(center, email="ayesha@example.com"))
    counts = sender.send_due(app)
    [row] = queued()
    assert counts["failed"] == 1 and row.status == "queued" and row.attempts == 1 and "SMTP delivery" in row.last_error
    assert row.next_attempt_at > row.created_at  # waits (backoff) before the next try
    assert sender.send_due(app) == {"sent": 0, "failed": 0, "skipped": 0}  # not due yet: no hammering

    app.config["MAIL_BACKEND"] = "log"  # the server is back
    db.session.execute(update(OutboxMail).values(next_attempt_at=OutboxMail.created_at))
    db.session.commit()
    result = runner.invoke(args=["send-mail"])
    assert "Sent 1" in result.output and "0 waiting" in result.output
    [row] = queued()
    assert row.status == "sent" and row.attempts == 2 and row.sent_at is not None
    with open(app.config["MAIL_LOG_PATH"], encoding="utf-8") as log:
        assert latest_booking().reference in log.read()


def test_queued_mail_is_sent_once_the_response_has_gone_out(app, client, center):
    with client.post(f"/centers/{center.slug}/book", data=form(center, email="ayesha@example.com")) as response:
        assert response.status_code == 302
        assert queued()[0].status == "queued"  # the response is complete before any mail is sent
    assert queued()[0].status == "sent"  # closing the response ran the flush


def test_the_flush_after_the_response_gives_up_quickly_when_the_server_is_down(app, client, center):
    app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=closed_port(), SMTP_TIMEOUT=1)
    with client.post(f"/centers/{center.slug}/book", data=form(center, email="ayesha@example.com")) as response:
        assert response.status_code == 302
    [row] = queued()
    assert row.status == "queued" and row.attempts == 1


def test_one_click_stop_works_without_login_and_stops_only_that_kind(app, client, center, outbox_sent):
    client.post(f"/centers/{center.slug}/book", data=form(center, email="ayesha@example.com"))
    send(app)
    stop_url = outbox_sent[0]["List-Unsubscribe"].strip("<>").replace("http://sukoon.test", "")
    payload = stop_url.rsplit("/", 1)[1].split(".")[0]
    assert b"ayesha" not in base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))  # no address in URLs
    page = client.get(stop_url)
    assert page.status_code == 200 and db.session.scalar(select(MailOptOut)) is None  # a GET only asks
    response = client.post(stop_url, data={"List-Unsubscribe": "One-Click"})  # RFC 8058, no cookie, no CSRF
    assert response.status_code == 200
    optout = db.session.scalar(select(MailOptOut))
    assert (optout.email, optout.kind, optout.user_id) == ("ayesha@example.com", "booking_updates", None)
    client.post(f"/centers/{center.slug}/book", data=form(center, email="ayesha@example.com", mobile="0301-7654321"))
    assert [row.template for row in queued()] == ["booking_sent"]  # only the first one
    assert client.post("/mail/stop/forged-token").status_code == 404


def test_the_stop_link_needs_the_csrf_exemption_rfc_8058_requires(app, client, factories):
    from directory.services.notifications.stop_links import stop_token

    app.config["WTF_CSRF_ENABLED"] = True
    member = factories.user()
    token = stop_token(app.secret_key, "new_reviews", user_id=member.id)
    assert client.post(f"/mail/stop/{token}", data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert db.session.scalar(select(MailOptOut.kind).where(MailOptOut.user_id == member.id)) == "new_reviews"


def test_a_mail_that_cannot_be_rendered_is_retried_later_and_one_whose_subject_is_gone_is_skipped(
        app, client, center, monkeypatch, outbox_sent):
    from directory.blueprints.notifications import content

    client.post(f"/centers/{center.slug}/book", data=form(center, email="ayesha@example.com"))
    working = content.CONTENT["booking_sent"]
    monkeypatch.setitem(content.CONTENT, "booking_sent", lambda payload: 1 / 0)
    assert sender.send_due(app)["failed"] == 1
    [row] = queued()
    assert row.status == "queued" and row.last_error == "rendering failed: ZeroDivisionError"
    content.CONTENT["booking_sent"] = working
    db.session.delete(latest_booking())
    db.session.commit()
    assert send(app)["skipped"] == 1 and queued()[0].status == "skipped" and outbox_sent == []


@pytest.mark.parametrize("email", ["not an address", "a@b", "ayesha@example.com extra"])
def test_an_email_that_is_not_an_address_is_a_field_error_and_queues_nothing(client, center, email):
    response = client.post(f"/centers/{center.slug}/book", data=form(center, email=email))
    assert response.status_code == 422 and "Check the email address." in response.get_data(as_text=True)
    assert queued() == []


def test_the_center_hears_when_the_customer_accepts_its_time_or_cancels_what_it_answered(
        app, client, auth, factories, center, outbox_sent):
    manager = factories.manager(center)
    client.post(f"/centers/{center.slug}/book", data=form(center))  # a guest, no email
    booking = latest_booking()
    client.post(f"/bookings/{booking.token}", data={"action": "cancel", "version": booking.version})
    assert queued() == []  # cancelled before the center answered: it may never have seen the guest's request
    client.post(f"/centers/{center.slug}/book", data=form(center, mobile="0301-7654321"))
    booking = latest_booking()
    sign_in(auth, manager)
    client.post(f"/manage/centers/{center.slug}/bookings/{booking.id}/propose",
                data={"version": booking.version, "proposed_at": form(center)["day"] + "T20:00"})
    auth.logout()
    db.session.refresh(booking)
    client.post(f"/bookings/{booking.token}", data={"action": "accept", "version": booking.version})
    db.session.refresh(booking)
    client.post(f"/bookings/{booking.token}", data={"action": "cancel", "version": booking.version})
    send(app)
    subjects = [(m["To"], m["Subject"]) for m in outbox_sent]
    assert subjects == [(manager.email, f"{booking.reference}: the customer accepted your time"),
                        (manager.email, f"{booking.reference}: the customer cancelled")]
    assert "20:00" in text_of(outbox_sent[0]) and "The time is free again." in text_of(outbox_sent[1])
