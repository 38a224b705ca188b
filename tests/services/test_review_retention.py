"""Nothing a member wrote is lost by an owner's or an admin's action: hiding and deleting are soft."""
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import AuditEntry, Review, ReviewReply
from directory.services.reviews.authoring import delete_review
from directory.services.reviews.moderation import dismiss_flags, hide_review, restore_review
from directory.services.reviews.reactions import flag_review, save_reply

from ..reviewing import BODY


def snapshot() -> dict[int, tuple]:
    """Every review row with what its author wrote."""
    return {review.id: (review.author_id, review.rating, review.title, review.body)
            for review in db.session.scalars(select(Review))}


def statuses() -> dict[int, str]:
    return dict(db.session.execute(select(Review.id, Review.status)).all())


def test_flags_replies_hiding_and_deleting_keep_every_review_row_and_its_text(factories):
    center = factories.center()
    owner, admin = factories.manager(center), factories.user(role="admin")
    flagged, answered, withdrawn = (factories.review(center, rating=stars, title=f"Visit {stars}",
                                                     body=f"{BODY} Stars {stars}.") for stars in (1, 3, 5))
    written = snapshot()

    flag_review(db.session, owner, flagged, "fake", "Never our customer")  # owners flag, never hide or delete
    save_reply(db.session, owner, answered, "Thank you for your visit.")
    db.session.commit()
    hide_review(db.session, admin, flagged, "Reads like a competitor's review")
    dismiss_flags(db.session, admin, answered, "Honest feedback")
    delete_review(db.session, withdrawn.author, withdrawn)  # the author's own soft delete
    db.session.commit()

    assert snapshot() == written  # every row, with its rating, title and body
    assert statuses() == {flagged.id: "hidden", answered.id: "published", withdrawn.id: "deleted"}
    assert db.session.scalar(select(func.count(ReviewReply.id))) == 1
    assert db.session.scalar(select(AuditEntry.note).where(AuditEntry.action == "review.hidden")) == \
        "Reads like a competitor's review"
    db.session.refresh(center)
    assert (center.rating_count, center.rating_sum) == (1, 3)  # hidden and deleted reviews leave the rating only

    restore_review(db.session, admin, flagged, "Appeal accepted")  # hiding is reversible
    db.session.commit()
    db.session.refresh(center)
    assert statuses()[flagged.id] == "published" and snapshot() == written
    assert (center.rating_count, center.rating_sum) == (2, 4)
