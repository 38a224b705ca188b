"""Posting, editing and deleting reviews: every rule with the user it refuses, and exact aggregates."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import HelpfulVote, Review, ReviewReply
from directory.models.base import utcnow
from directory.services.reviews.authoring import delete_review, edit_review, post_review
from directory.services.reviews.reactions import mark_helpful, save_reply
from directory.services.reviews.rules import ReviewError, ReviewLimits, normalise_body

from ..reviewing import BODY, pending_claim, review_data


def post(author, center, **overrides):
    review = post_review(db.session, author, center, review_data(**overrides.pop("data", {})), **overrides)
    db.session.commit()
    db.session.refresh(center)
    return review


def refused(author, center, message: str, field: str | None = None, **overrides) -> ReviewError:
    with pytest.raises(ReviewError) as caught:
        post_review(db.session, author, center, review_data(**overrides.pop("data", {})), **overrides)
    db.session.rollback()
    assert message in caught.value.message
    assert caught.value.field == field
    return caught.value


def test_a_verified_member_posts_and_the_rating_moves(factories):
    center = factories.center()
    factories.review(center, rating=2)
    review = post(factories.user(), center, data={"rating": 5, "skill": 5, "privacy": "4"})
    assert (review.status, review.verified_visit, review.moderation_note) == ("published", False, None)
    assert (review.skill, review.privacy, review.pressure) == (5, 4, None)
    assert (center.rating_count, center.rating_sum, center.histogram[5]) == (2, 7, 1)


def test_unverified_member_is_refused(factories):
    refused(factories.user(verified=False), factories.center(), "verify your email")


def test_owner_of_the_center_is_refused(factories):
    center = factories.center()
    refused(factories.manager(center), center, "You manage this center")


def test_owner_of_another_center_may_review(factories):
    center = factories.center()
    owner = factories.manager(factories.center())
    assert post(owner, center).status == "published"


def test_therapist_of_the_center_is_refused(factories):
    center, user = factories.center(), factories.user()
    factories.therapist(center, user_id=user.id)
    refused(user, center, "You work at this center")


def test_pending_claimant_is_refused_and_a_rejected_one_is_not(factories):
    center, user = factories.center(), factories.user()
    claim = pending_claim(db.session, center, user)
    refused(user, center, "have asked to manage it")
    claim.status = "rejected"
    db.session.commit()
    assert post(user, center).status == "published"


def test_second_review_of_the_same_center_is_refused_clearly(factories):
    center, member = factories.center(), factories.user()
    post(member, center)
    refused(member, center, "You have already reviewed this center")
    assert db.session.scalar(select(func.count(Review.id))) == 1


def test_a_deleted_review_can_be_written_again_in_the_same_row(factories):
    center, member, voter = factories.center(), factories.user(), factories.user()
    first = post(member, center, data={"rating": 1})
    mark_helpful(db.session, voter, first)
    save_reply(db.session, factories.manager(center), first, "Sorry to hear that.")
    db.session.commit()
    delete_review(db.session, member, first)
    db.session.commit()
    again = post(member, center, data={"rating": 5, "title": "Second try"},
                 now=utcnow() + timedelta(days=2))
    assert again.id == first.id
    assert (again.status, again.title, again.helpful_count, again.edited_at) == ("published", "Second try", 0, None)
    assert db.session.scalar(select(func.count()).select_from(HelpfulVote)) == 0
    assert db.session.scalar(select(ReviewReply.body)) == "Sorry to hear that."  # the owner's words are kept
    assert (center.rating_count, center.rating_sum) == (1, 5)


def test_unpublished_center_is_refused(factories):
    refused(factories.user(), factories.center(status="draft"), "not open for reviews")


@pytest.mark.parametrize("data, field", [
    ({"rating": None}, "rating"), ({"rating": 0}, "rating"), ({"rating": 6}, "rating"), ({"rating": "abc"}, "rating"),
    ({"rating": True}, "rating"), ({"rating": 4.5}, "rating"), ({"skill": 9}, "skill"), ({"value": -1}, "value"),
    ({"title": "  "}, "title"), ({"title": "x" * 121}, "title"), ({"body": "Too short text."}, "body"),
    ({"body": "x" * 5001}, "body"), ({"body": "  \n\n  "}, "body"), ({"menu_item_id": "abc"}, "menu_item_id"),
    ({"visit_month": "soon"}, "visit_month"),
])
def test_invalid_input_is_refused_naming_the_field(factories, data, field):
    refused(factories.user(), factories.center(), "", field=field, data=data)


def test_the_treatment_must_be_on_this_centers_menu(factories):
    service = factories.service()
    center = factories.center(menu=[(service, 60, 5000)])
    other = factories.center(menu=[(service, 90, 7000)])
    refused(factories.user(), center, "this center's menu", "menu_item_id", data={"menu_item_id": other.menu[0].id})
    review = post(factories.user(), center, data={"menu_item_id": str(center.menu[0].id)})
    assert review.menu_item.id == center.menu[0].id


def test_visit_month_not_in_the_future_nor_older_than_two_years(factories):
    center, now = factories.center(), utcnow()
    this_month = now.date().replace(day=1)
    next_month = (this_month + timedelta(days=32)).replace(day=1)
    refused(factories.user(), center, "future", "visit_month", data={"visit_month": next_month})
    too_old = date(this_month.year - 2, this_month.month, 1) - timedelta(days=1)
    refused(factories.user(), center, "last two years", "visit_month", data={"visit_month": too_old})
    review = post(factories.user(), center, data={"visit_month": f"{now:%Y-%m}"})
    assert review.visit_month == this_month


def test_text_is_stored_normalised():
    assert normalise_body("  One  \r\n\r\n\r\n\r\nTwo\t\tthree  \n four ") == "One\n\nTwo three\nfour"


def test_daily_cap_refuses_the_next_review_until_a_day_has_passed(factories):
    member, now = factories.user(), utcnow()
    for n in range(3):  # different texts: the same one on several centers would be held as a copy
        post(member, factories.center(), now=now, data={"body": f"{BODY} Center {n}."})
    refused(member, factories.center(), "3 reviews a day", now=now + timedelta(hours=23))
    later = post(member, factories.center(), now=now + timedelta(hours=25), data={"body": f"{BODY} Next day."})
    assert later.status == "published"


def test_a_burst_on_one_center_holds_further_reviews(factories):
    center, now = factories.center(), utcnow()
    limits = ReviewLimits(per_day=3, burst_count=5, burst_minutes=10)
    for minute in range(5):
        post(factories.user(), center, now=now + timedelta(minutes=minute), limits=limits,
             data={"body": f"{BODY} Visit {minute}."})
    held = post(factories.user(), center, now=now + timedelta(minutes=6), limits=limits,
                data={"rating": 1, "body": f"{BODY} Visit six."})
    assert held.status == "held"
    assert "5 new reviews of this center within 10 minutes" in held.moderation_note
    assert (center.rating_count, center.histogram[1]) == (5, 0)
    later = post(factories.user(), center, now=now + timedelta(minutes=30), limits=limits,
                 data={"body": f"{BODY} Much later."})
    assert later.status == "published"


def test_the_same_text_already_posted_on_another_center_is_held(factories):
    first, second = factories.center(), factories.center()
    post(factories.user(), first, data={"body": "Best massage in town!!\n\nAsk for the deluxe package today."})
    copied = post(factories.user(), second,
                  data={"body": "  best MASSAGE in town!! \r\n\r\n\r\nAsk for the  deluxe package today."})
    assert copied.status == "held"
    assert "another center" in copied.moderation_note
    assert second.rating_count == 0


def test_edit_marks_edited_and_recounts(factories):
    center, member = factories.center(), factories.user()
    review = post(member, center, data={"rating": 2})
    edit_review(db.session, member, review, review_data(rating=5, title="Better than I said"))
    db.session.commit()
    db.session.refresh(center)
    assert review.edited_at is not None and review.title == "Better than I said"
    assert (center.rating_count, center.rating_sum, center.histogram[2], center.histogram[5]) == (1, 5, 0, 1)


def test_an_unchanged_edit_is_not_marked(factories):
    member = factories.user()
    review = post(member, factories.center())
    edit_review(db.session, member, review, review_data())
    db.session.commit()
    assert review.edited_at is None


@pytest.mark.parametrize("who", ["owner", "other_member", "admin"])
def test_only_the_author_edits_or_deletes(factories, who):
    center = factories.center()
    review = post(factories.user(), center)
    user = {"owner": lambda: factories.manager(center), "other_member": factories.user,
            "admin": lambda: factories.user(role="admin")}[who]()
    for action in (lambda: edit_review(db.session, user, review, review_data(rating=1)),
                   lambda: delete_review(db.session, user, review)):
        with pytest.raises(ReviewError, match="Only its author"):
            action()
        db.session.rollback()
    assert (review.rating, review.status) == (4, "published")


def test_delete_is_soft_and_leaves_the_rating(factories):
    center, member = factories.center(), factories.user()
    review = post(member, center)
    delete_review(db.session, member, review)
    db.session.commit()
    db.session.refresh(center)
    assert db.session.get(Review, review.id).status == "deleted"
    assert db.session.get(Review, review.id).body == BODY
    assert center.rating_count == 0


def test_a_hidden_review_can_be_neither_edited_nor_deleted(factories):
    member = factories.user()
    review = factories.review(factories.center(), author=member, status="hidden", body=BODY)
    with pytest.raises(ReviewError, match="moderator hid"):
        edit_review(db.session, member, review, review_data(rating=1))
    db.session.rollback()
    with pytest.raises(ReviewError, match="moderator hid"):
        delete_review(db.session, member, review)
    db.session.rollback()
    assert db.session.get(Review, review.id).status == "hidden"


def test_editing_into_text_copied_from_another_center_holds_it(factories):
    member = factories.user()
    factories.review(factories.center(), body="A copied paragraph that was posted about another place.")
    center = factories.center()
    review = post(member, center)
    edit_review(db.session, member, review, review_data(body="A copied paragraph that was posted about another place."))
    db.session.commit()
    db.session.refresh(center)
    assert review.status == "held" and center.rating_count == 0
