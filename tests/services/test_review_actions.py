"""Replies, helpful votes, flags, moderation, visit codes and the audit log."""

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import AuditEntry, ReviewFlag, ReviewReply
from directory.services import audit
from directory.services.reviews.moderation import dismiss_flags, hide_review, moderation_queue, restore_review
from directory.services.reviews.reactions import flag_review, mark_helpful, save_reply
from directory.services.reviews.rules import ReviewError

from ..reviewing import BODY


def refused(action, message: str) -> None:
    with pytest.raises(ReviewError, match=message):
        action()
    db.session.rollback()


# Replies


def test_a_manager_replies_once_and_any_manager_edits_it(factories):
    center = factories.center()
    review = factories.review(center)
    first, second = factories.manager(center), factories.manager(center)
    save_reply(db.session, first, review, "Thank you for visiting.")
    db.session.commit()
    save_reply(db.session, second, review, "Thank you!\n\nSee you again.")
    db.session.commit()
    replies = db.session.scalars(select(ReviewReply)).all()
    assert [(r.body, r.author_id) for r in replies] == [("Thank you!\n\nSee you again.", second.id)]
    assert (review.rating, review.body, review.status) == (4, "Nice place.", "published")


@pytest.mark.parametrize("who", ["other_owner", "member", "admin", "author"])
def test_only_the_centers_managers_reply(factories, who):
    center = factories.center()
    review = factories.review(center)
    user = {"other_owner": lambda: factories.manager(factories.center()), "member": factories.user,
            "admin": lambda: factories.user(role="admin"), "author": lambda: review.author}[who]()
    refused(lambda: save_reply(db.session, user, review, "Thanks"), "Only the center's managers")


def test_reply_rules(factories):
    center = factories.center()
    manager = factories.manager(center)
    refused(lambda: save_reply(db.session, manager, factories.review(center), "   "), "Write your reply")
    refused(lambda: save_reply(db.session, manager, factories.review(center), "x" * 2001), "2000 characters")
    refused(lambda: save_reply(db.session, manager, factories.review(center, status="hidden"), "Hi"),
            "only reply to published")


# Helpful votes


def test_helpful_twice_counts_once_and_the_count_is_exact(factories):
    review = factories.review(factories.center())
    voters = [factories.user() for _ in range(3)]
    for voter in voters:
        assert mark_helpful(db.session, voter, review) is True
        db.session.commit()
    assert mark_helpful(db.session, voters[0], review) is False
    db.session.commit()
    assert review.helpful_count == 3


def test_helpful_refusals(factories):
    review = factories.review(factories.center())
    refused(lambda: mark_helpful(db.session, review.author, review), "your own review")
    refused(lambda: mark_helpful(db.session, factories.user(verified=False), review), "verify your email")
    hidden = factories.review(factories.center(), status="hidden")
    refused(lambda: mark_helpful(db.session, factories.user(), hidden), "not published")
    assert review.helpful_count == 0


# Flags


def test_flag_once_per_member_and_owners_may_flag_their_centers_reviews(factories):
    center = factories.center()
    review = factories.review(center)
    member, owner = factories.user(), factories.manager(center)
    flag_review(db.session, member, review, "fake", "Same text as on another site")
    flag_review(db.session, owner, review, "conflict")
    db.session.commit()
    refused(lambda: flag_review(db.session, member, review, "offensive"), "already reported")
    assert db.session.scalar(select(func.count(ReviewFlag.id))) == 2


def test_flag_refusals(factories):
    review = factories.review(factories.center())
    refused(lambda: flag_review(db.session, factories.user(), review, "because"), "Choose why")
    refused(lambda: flag_review(db.session, factories.user(), review, "other", "x" * 501), "500 characters")
    refused(lambda: flag_review(db.session, review.author, review, "fake"), "your own review")


# Moderation


def test_flag_then_hide_with_a_note_then_restore(factories):
    center = factories.center()
    keep = factories.review(center, rating=5)
    fake = factories.review(center, rating=1, body=BODY)
    admin = factories.user(role="admin")
    flag_review(db.session, factories.user(), fake, "fake")
    db.session.commit()
    flagged, held = moderation_queue(db.session)
    assert [(item.review.id, item.count, item.reasons) for item in flagged] == \
        [(fake.id, 1, [("Looks fake or paid for", 1)])] and held == []

    hide_review(db.session, admin, fake, "Paid review, confirmed with the center")
    db.session.commit()
    db.session.refresh(center)
    assert (fake.status, fake.moderation_note) == ("hidden", "Paid review, confirmed with the center")
    assert (center.rating_count, center.rating) == (1, 5.0)
    assert moderation_queue(db.session)[0] == []
    assert db.session.scalar(select(ReviewFlag.resolved_at)) is not None

    restore_review(db.session, admin, fake, "Appeal accepted")
    db.session.commit()
    db.session.refresh(center)
    assert (fake.status, center.rating_count, center.rating) == ("published", 2, 3.0)
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.subject_type, e.subject_id, e.actor_id) for e in entries] == [
        ("review.hidden", "review", fake.id, admin.id), ("review.restored", "review", fake.id, admin.id)]
    assert "Appeal accepted" in entries[1].note and "was: Paid review" in entries[1].note
    assert keep.status == "published"


def test_hiding_needs_a_note(factories):
    review = factories.review(factories.center())
    admin = factories.user(role="admin")
    refused(lambda: hide_review(db.session, admin, review, "  "), "Write a note")
    assert review.status == "published"
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 0


@pytest.mark.parametrize("who", ["member", "owner"])
def test_only_admins_moderate(factories, who):
    center = factories.center()
    review = factories.review(center)
    user = factories.user() if who == "member" else factories.manager(center)
    refused(lambda: hide_review(db.session, user, review, "Because I can"), "Only administrators")
    refused(lambda: restore_review(db.session, user, review), "Only administrators")
    refused(lambda: dismiss_flags(db.session, user, review), "Only administrators")
    assert review.status == "published"


def test_dismissing_flags_keeps_the_review_and_is_audited(factories):
    review = factories.review(factories.center())
    for reason in ("fake", "fake", "offensive"):
        flag_review(db.session, factories.user(), review, reason)
    db.session.commit()
    assert moderation_queue(db.session)[0][0].reasons == [("Looks fake or paid for", 2),
                                                          ("Offensive, hateful or harassing", 1)]
    assert dismiss_flags(db.session, factories.user(role="admin"), review, "Honest, just negative") == 3
    db.session.commit()
    assert review.status == "published" and moderation_queue(db.session)[0] == []
    assert db.session.scalar(select(AuditEntry.note)) == "3 flags; Honest, just negative"


def test_held_reviews_are_in_the_queue_and_can_be_published(factories):
    center = factories.center()
    review = factories.review(center, status="held", moderation_note="Held: burst")
    admin = factories.user(role="admin")
    assert moderation_queue(db.session)[1] == [review]
    restore_review(db.session, admin, review)
    db.session.commit()
    db.session.refresh(center)
    assert (review.status, review.moderation_note, center.rating_count) == ("published", None, 1)


def test_deleted_reviews_cannot_be_restored_by_moderators(factories):
    review = factories.review(factories.center(), status="deleted")
    refused(lambda: restore_review(db.session, factories.user(role="admin"), review), "Only hidden or held")


def test_audit_record_keeps_actor_and_caps_the_note(factories):
    admin = factories.user(role="admin")
    audit.record(db.session, admin, "thing.done", "review", 7, "n" * 2000)
    audit.record(db.session, None, "system.job", "center", 1)
    db.session.commit()
    page = audit.latest_entries(db.session)
    assert [(e.action, e.actor_id, len(e.note)) for e in page.items] == [("system.job", None, 0),
                                                                        ("thing.done", admin.id, 1000)]
    about_review = select(AuditEntry.action).where(AuditEntry.subject_type == "review", AuditEntry.subject_id == 7)
    assert list(db.session.scalars(about_review)) == ["thing.done"]
