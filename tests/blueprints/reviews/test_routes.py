"""Review routes: writing, editing, deleting, helpful votes, reports and replies, each with who is refused."""
import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import HelpfulVote, Review, ReviewFlag, ReviewReply, VisitCode

from ...reviewing import BODY, center_page, pending_claim, sign_in, visit_code


def form(**overrides) -> dict:
    return {"rating": "4", "title": "Relaxing visit", "body": BODY, **overrides}


@pytest.fixture
def center(factories):
    service = factories.service(name="Swedish")
    return factories.center(name="Calm Spa", menu=[(service, 60, 4000)])


def test_anonymous_is_sent_to_log_in(client, center, factories):
    review = factories.review(center)
    for method, url in [("get", f"/centers/{center.slug}/reviews/new"), ("post", f"/reviews/{review.id}/helpful"),
                        ("get", f"/reviews/{review.id}/flag"), ("get", f"/reviews/{review.id}/reply"),
                        ("post", f"/reviews/{review.id}/delete"), ("get", f"/reviews/{review.id}/edit")]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login" in response.location, url


def test_a_member_posts_a_review_and_sees_the_rating_move(client, auth, factories, center):
    factories.review(center, rating=2)
    sign_in(auth, factories.user())
    page = client.get(f"/centers/{center.slug}/reviews/new").get_data(as_text=True)
    for label in ("Title", "Your review", "The treatment you had", "Month of your visit", "Visit code (optional)"):
        assert f">{label}</label>" in page
    for name, legend in (("rating", "Overall rating"), ("skill", "Therapist skill")):  # star rows of radio buttons
        assert f"<legend>{legend}</legend>" in page and f'name="{name}" value="5"' in page
    response = client.post(f"/centers/{center.slug}/reviews/new",
                           data=form(rating="5", skill="5", menu_item_id=str(center.menu[0].id)))
    assert response.status_code == 302 and f"/centers/{center.slug}#review-" in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert "your review is published" in page and "Relaxing visit" in page
    assert "3.5" in page and "Therapist skill: 5/5" in page and "Had: Swedish (60 min)" in page
    assert "Edit your review" in page


def test_second_review_is_refused_with_a_clear_message(client, auth, factories, center):
    member = factories.user()
    factories.review(center, author=member)
    sign_in(auth, member)
    response = client.post(f"/centers/{center.slug}/reviews/new", data=form(title="Again"), follow_redirects=True)
    assert "You have already reviewed this center" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Review.id))) == 1


def test_invalid_input_is_shown_next_to_the_field(client, auth, factories, center):
    sign_in(auth, factories.user())
    response = client.post(f"/centers/{center.slug}/reviews/new", data=form(body="Too short", rating=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Choose 1 to 5 stars." in page and 'id="body-error"' in page
    assert db.session.scalar(select(func.count(Review.id))) == 0


@pytest.mark.parametrize("who, message", [
    ("unverified", "verify your email"), ("owner", "You manage this center"),
    ("therapist", "You work at this center"), ("claimant", "asked to manage it"),
])
def test_members_who_may_not_review_see_why(client, auth, factories, center, who, message):
    if who == "unverified":
        user = factories.user(verified=False)
    elif who == "owner":
        user = factories.manager(center)
    else:
        user = factories.user()
        if who == "therapist":
            factories.therapist(center, user_id=user.id)
        else:
            pending_claim(db.session, center, user)
    sign_in(auth, user)
    page = client.get(f"/centers/{center.slug}/reviews/new")
    assert page.status_code == 403 and message in page.get_data(as_text=True)
    posted = client.post(f"/centers/{center.slug}/reviews/new", data=form())
    assert posted.status_code == 403
    assert db.session.scalar(select(func.count(Review.id))) == 0


def test_a_visit_code_marks_the_review_verified_and_is_spent(client, auth, factories, center):
    code = visit_code(db.session, center, factories.manager(center))
    sign_in(auth, factories.user())
    response = client.post(f"/centers/{center.slug}/reviews/new", data=form(visit_code=code), follow_redirects=True)
    assert "Verified visit" in response.get_data(as_text=True)
    assert db.session.scalar(select(VisitCode.used_at)) is not None
    sign_in(auth, factories.user())
    again = client.post(f"/centers/{center.slug}/reviews/new", data=form(visit_code=code, body=BODY + " Me too."))
    assert "already been used" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Review.id))) == 1


def test_another_centers_code_is_refused_and_no_code_is_fine(client, auth, factories, center):
    other = factories.center()
    code = visit_code(db.session, other, factories.manager(other))
    sign_in(auth, factories.user())
    refused = client.post(f"/centers/{center.slug}/reviews/new", data=form(visit_code=code))
    assert "not valid for this center" in refused.get_data(as_text=True)
    accepted = client.post(f"/centers/{center.slug}/reviews/new", data=form(), follow_redirects=True)
    page = accepted.get_data(as_text=True)
    assert "Relaxing visit" in page and "Verified visit" not in page


def test_the_author_edits_and_the_review_is_marked_edited(client, auth, factories, center):
    member = factories.user()
    review = factories.review(center, author=member, body=BODY)
    sign_in(auth, member)
    assert 'value="Good"' in client.get(f"/reviews/{review.id}/edit").get_data(as_text=True)
    response = client.post(f"/reviews/{review.id}/edit", data=form(rating="2", title="Changed my mind"),
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Changed my mind" in page and ">edited</span>" in page


def test_the_author_deletes_and_the_review_leaves_the_page(client, auth, factories, center):
    member = factories.user()
    review = factories.review(center, author=member, title="Soon gone", body=BODY)
    sign_in(auth, member)
    client.post(f"/reviews/{review.id}/delete")
    assert "Soon gone" not in center_page(client, center)
    assert db.session.get(Review, review.id).status == "deleted"


@pytest.mark.parametrize("who", ["owner", "other_member", "admin"])
def test_no_one_but_the_author_can_edit_or_delete(client, auth, factories, center, who):
    review = factories.review(center, body=BODY)
    user = {"owner": lambda: factories.manager(center), "other_member": factories.user,
            "admin": lambda: factories.user(role="admin")}[who]()
    sign_in(auth, user)
    assert client.get(f"/reviews/{review.id}/edit").status_code == 404
    assert client.post(f"/reviews/{review.id}/edit", data=form(rating="1")).status_code == 404
    assert client.post(f"/reviews/{review.id}/delete").status_code == 404
    db.session.refresh(review)
    assert (review.rating, review.status) == (4, "published")


def test_helpful_counts_once_and_not_on_your_own_review(client, auth, factories, center):
    review = factories.review(center)
    voter = factories.user()
    sign_in(auth, voter)
    client.post(f"/reviews/{review.id}/helpful")
    page = client.post(f"/reviews/{review.id}/helpful", follow_redirects=True).get_data(as_text=True)
    assert "You already found this review helpful" in page and "Helpful (1)" in page
    sign_in(auth, review.author)
    page = client.post(f"/reviews/{review.id}/helpful", follow_redirects=True).get_data(as_text=True)
    assert "You cannot mark your own review as helpful" in page
    assert db.session.scalar(select(func.count()).select_from(HelpfulVote)) == 1
    db.session.refresh(review)
    assert review.helpful_count == 1


def test_report_a_review(client, auth, factories, center):
    review = factories.review(center)
    sign_in(auth, factories.user())
    page = client.get(f"/reviews/{review.id}/flag").get_data(as_text=True)
    assert ">Why are you reporting this review?</label>" in page
    assert client.post(f"/reviews/{review.id}/flag", data={"reason": "nonsense"}).status_code == 200
    client.post(f"/reviews/{review.id}/flag", data={"reason": "fake", "note": "Posted by the owner's cousin"})
    again = client.get(f"/reviews/{review.id}/flag", follow_redirects=True).get_data(as_text=True)
    assert "already reported" in again
    assert db.session.scalar(select(ReviewFlag.reason)) == "fake"


def test_a_manager_replies_and_the_reply_shows_under_the_review(client, auth, factories, center):
    review = factories.review(center)
    sign_in(auth, factories.manager(center))
    assert ">Your public reply</label>" in client.get(f"/reviews/{review.id}/reply").get_data(as_text=True)
    client.post(f"/reviews/{review.id}/reply", data={"body": "Thank you for coming!"})
    client.post(f"/reviews/{review.id}/reply", data={"body": "Thank you for coming, see you soon!"})
    page = center_page(client, center)
    assert "Reply from the center" in page and "see you soon!" in page and "Edit your reply" in page
    assert db.session.scalar(select(func.count(ReviewReply.id))) == 1


@pytest.mark.parametrize("who", ["other_owner", "member", "admin"])
def test_only_this_centers_managers_reach_the_reply_page(client, auth, factories, center, who):
    review = factories.review(center)
    user = {"other_owner": lambda: factories.manager(factories.center()), "member": factories.user,
            "admin": lambda: factories.user(role="admin")}[who]()
    sign_in(auth, user)
    assert client.get(f"/reviews/{review.id}/reply").status_code == 404
    assert client.post(f"/reviews/{review.id}/reply", data={"body": "Fake reply"}).status_code == 404
    assert db.session.scalar(select(func.count(ReviewReply.id))) == 0


def test_routes_for_reviews_that_are_not_published_are_404(client, auth, factories, center):
    hidden = factories.review(center, status="hidden")
    sign_in(auth, factories.user())
    for method, url in [("post", "helpful"), ("get", "flag"), ("post", "flag")]:
        assert getattr(client, method)(f"/reviews/{hidden.id}/{url}").status_code == 404
    assert client.get("/reviews/9999/flag").status_code == 404
    assert client.get("/centers/nope/reviews/new").status_code == 404


def test_posting_is_rate_limited_per_member(client, auth, factories, center):
    sign_in(auth, factories.user())
    statuses = [client.post(f"/centers/{center.slug}/reviews/new", data=form(visit_code="AAAA-AAAA")).status_code
                for _ in range(21)]
    assert statuses[:20] == [200] * 20 and statuses[20] == 429
    sign_in(auth, factories.user())  # another member has their own allowance
    assert client.post(f"/centers/{center.slug}/reviews/new", data=form(visit_code="AAAA-AAAA")).status_code == 200


def test_the_posting_limit_is_a_setting(app, client, auth, factories, center):
    app.config["RATELIMIT_REVIEW_POST"] = "2 per hour"
    sign_in(auth, factories.user())
    statuses = [client.post(f"/centers/{center.slug}/reviews/new", data=form(visit_code="AAAA-AAAA")).status_code
                for _ in range(3)]
    assert statuses == [200, 200, 429]
