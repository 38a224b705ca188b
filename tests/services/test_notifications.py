"""The outbox and preferences as services: who is queued for what, opt-outs, stop tokens, leases and backoff."""
from datetime import timedelta

from sqlalchemy import select

from directory.extensions import db
from directory.models import MailOptOut, OutboxMail
from directory.models.base import utcnow
from directory.services.notifications import outbox
from directory.services.notifications.preferences import save_preferences, stop_kind, stopped_kinds
from directory.services.notifications.queue import QUEUED, queue_mail
from directory.services.notifications.stop_links import read_stop_token, stop_token

SECRET = "a-secret-key-long-enough-for-signing-tokens"


def rows() -> list[OutboxMail]:
    return list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def test_queueing_adds_a_row_flags_the_session_and_never_sends(app, factories):
    user = factories.user(language="ur")
    row = queue_mail(db.session, "reply_new", "review_replies", user.email, {"review_id": 1}, user=user,
                     language=user.language)
    assert row.status == "queued" and row.language == "ur" and db.session.info.pop(QUEUED)
    db.session.rollback()  # the event's transaction rolled back: the mail goes with it
    assert rows() == []


def test_a_stopped_kind_is_not_queued_for_a_member_or_a_guest_address(app, factories):
    member = factories.user()
    stop_kind(db.session, "review_replies", user_id=member.id)
    stop_kind(db.session, "booking_updates", email="Guest@Example.com")
    assert queue_mail(db.session, "reply_new", "review_replies", member.email, {}, user=member) is None
    assert queue_mail(db.session, "booking_sent", "booking_updates", "guest@example.com", {}) is None
    assert queue_mail(db.session, "claim_approved", "claim_decisions", member.email, {}, user=member) is not None
    assert queue_mail(db.session, "booking_sent", "booking_updates", "other@example.com", {}) is not None


def test_sample_accounts_and_missing_addresses_get_nothing(app, factories):
    sample = factories.user(is_sample=True)
    assert queue_mail(db.session, "reply_new", "review_replies", sample.email, {}, user=sample) is None
    assert queue_mail(db.session, "booking_sent", "booking_updates", None, {}) is None


def test_saving_preferences_keeps_the_wanted_kinds_and_stops_the_rest(app, factories):
    member = factories.user()
    save_preferences(db.session, member, {"booking_updates", "review_replies"})
    assert stopped_kinds(db.session, member.id) == {"booking_requests", "claim_decisions", "new_reviews",
                                                    "change_reports"}
    save_preferences(db.session, member, {"booking_updates", "review_replies", "new_reviews", "change_reports",
                                          "claim_decisions", "booking_requests"})
    assert stopped_kinds(db.session, member.id) == set()


def test_stopping_twice_keeps_one_row(app, factories):
    member = factories.user()
    stop_kind(db.session, "new_reviews", user_id=member.id)
    stop_kind(db.session, "new_reviews", user_id=member.id)
    stop_kind(db.session, "not_a_kind", user_id=member.id)
    db.session.commit()
    assert db.session.scalars(select(MailOptOut.kind)).all() == ["new_reviews"]


def test_stop_tokens_name_the_kind_and_who_and_refuse_tampering():
    member_token = stop_token(SECRET, "new_reviews", user_id=7)
    guest_token = stop_token(SECRET, "booking_updates", mail_id=12)  # the outbox row: no address in the URL
    assert read_stop_token(SECRET, member_token) == ("new_reviews", 7, None)
    assert read_stop_token(SECRET, guest_token) == ("booking_updates", None, 12)
    assert read_stop_token("another-secret-key-of-enough-length", member_token) is None
    assert read_stop_token(SECRET, member_token[:-2] + "xx") is None
    assert read_stop_token(SECRET, "") is None


def test_backoff_doubles_from_a_minute_up_to_six_hours():
    assert [outbox.backoff(n) for n in (1, 2, 3)] == [timedelta(minutes=1), timedelta(minutes=2),
                                                      timedelta(minutes=4)]
    assert outbox.backoff(20) == timedelta(hours=6)


def test_a_claimed_row_is_not_claimed_again_until_its_lease_runs_out(app, factories):
    queue_mail(db.session, "booking_sent", "booking_updates", "a@example.com", {})
    db.session.commit()
    now = utcnow()
    [mail_id] = outbox.due_ids(db.session, now, 10)
    assert outbox.claim(db.session, mail_id, now).attempts == 1
    assert outbox.claim(db.session, mail_id, now) is None  # a second sender
    assert outbox.due_ids(db.session, now + timedelta(minutes=5), 10) == []
    assert outbox.due_ids(db.session, now + outbox.LEASE, 10) == [mail_id]  # the first sender died


def test_a_failure_waits_longer_each_time_then_gives_up(app, factories):
    queue_mail(db.session, "booking_sent", "booking_updates", "a@example.com", {})
    db.session.commit()
    now = utcnow()
    row = outbox.claim(db.session, rows()[0].id, now)
    outbox.mark_failed(row, "SMTP down", now)
    assert row.status == "queued" and row.next_attempt_at == now + timedelta(minutes=1)
    row.attempts = outbox.MAX_ATTEMPTS
    outbox.mark_failed(row, "SMTP still down", now)
    assert row.status == "failed" and row.last_error == "SMTP still down"


def test_a_held_review_is_mailed_to_the_managers_only_when_an_admin_releases_it(app, factories):
    from directory.services.reviews.moderation import hide_review, restore_review

    center = factories.center()
    manager = factories.manager(center)
    held = factories.review(center, status="held", moderation_note="burst")
    hidden = factories.review(center, status="hidden", moderation_note="rude")
    admin = factories.user(role="admin")
    restore_review(db.session, admin, hidden, "on second look it is fine")
    assert rows() == []  # a hidden review coming back is not news
    restore_review(db.session, admin, held)
    db.session.commit()
    assert [(row.template, row.to_address, row.payload) for row in rows()] == [
        ("review_new", manager.email, {"review_id": held.id})]
    hide_review(db.session, admin, held, "breaks the rules")
    assert len(rows()) == 1
