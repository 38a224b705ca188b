"""Review pages: writing, editing, deleting, helpful votes, reports, replies, the list and the rules page."""
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, func, select

from directory.extensions import db
from directory.models import HelpfulVote, Review, ReviewFlag, ReviewReply, VisitCode

from ..reviewing import BODY, pending_claim, sign_in, visit_code


def form(**overrides) -> dict:
    return {"rating": "4", "title": "Relaxing visit", "body": BODY, **overrides}


def center_page(client, center) -> str:
    return client.get(f"/centers/{center.slug}").get_data(as_text=True)


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
    for label in ("Overall rating", "Title", "Your review", "Therapist skill", "The treatment you had",
                  "Month of your visit", "Visit code (optional)"):
        assert f">{label}</label>" in page
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


def test_center_page_shows_the_review_block(client, factories, center):
    review = factories.review(center, rating=5, title="Great", body="First part.\n\nSecond part.", verified_visit=True)
    page = center_page(client, center)
    assert "<p>First part.</p>" in page and "<p>Second part.</p>" in page
    assert "Verified visit" in page and "Helpful (0)" in page and f"/reviews/{review.id}/flag" in page
    assert "Write a review" in page and "/how-reviews-work" in page and "<meter" in page


def test_review_list_sorts_filters_and_paginates(client, factories, center):
    for n in range(12):
        factories.review(center, rating=1 + n % 5, title=f"Review number {n:02d}", helpful_count=n)
    first = client.get(f"/centers/{center.slug}/reviews").get_data(as_text=True)
    assert first.count('class="review"') == 10 and "Page 1 of 2" in first
    assert first.index("Review number 11") < first.index("Review number 10")
    second = client.get(f"/centers/{center.slug}/reviews?page=2").get_data(as_text=True)
    assert second.count('class="review"') == 2
    fives = client.get(f"/centers/{center.slug}/reviews?stars=5").get_data(as_text=True)
    assert re.findall(r"Review number \d+", fives) == ["Review number 09", "Review number 04"]
    helpful = client.get(f"/centers/{center.slug}/reviews?sort=helpful").get_data(as_text=True)
    assert re.findall(r"Review number \d+", helpful)[0] == "Review number 11"
    lowest = client.get(f"/centers/{center.slug}/reviews?sort=lowest").get_data(as_text=True)
    assert re.findall(r"Review number \d+", lowest)[0] == "Review number 10"
    for junk in ("sort=rating;drop", "stars=9", "page=-1", "page=abc", "stars=%00"):
        assert client.get(f"/centers/{center.slug}/reviews?{junk}").status_code == 200


def test_how_reviews_work_states_the_rules(client):
    page = client.get("/how-reviews-work").get_data(as_text=True)
    for phrase in ("One review per member per center", "Verified visit", "Cannot:", "16 CFR Part 465",
                   "at most 3 reviews a day", "5 within 10 minutes", "audit log"):
        assert phrase in page


PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
            "https://evil.example/phish and more words"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_user_text_is_escaped_and_links_are_not_clickable(client, auth, factories, center, payload):
    author = factories.user(display_name=payload[:60])
    review = factories.review(center, author=author, title=payload[:120], body=f"{payload}\n\n{payload} {BODY}")
    manager = factories.manager(center)
    db.session.add(ReviewReply(review_id=review.id, author_id=manager.id, body=payload))
    db.session.commit()
    for url in (f"/centers/{center.slug}", f"/centers/{center.slug}/reviews"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page
        assert 'href="https://evil.example' not in page and 'href="javascript:' not in page


def test_center_page_loads_replies_without_a_query_per_review(app, client, factories, center):
    def queries_for_page() -> int:
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            client.get(f"/centers/{center.slug}")
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    manager = factories.manager(center)

    def add_review_with_reply():
        review = factories.review(center, menu_item_id=center.menu[0].id)
        db.session.add(ReviewReply(review_id=review.id, author_id=manager.id, body="Thanks!"))
        db.session.commit()

    add_review_with_reply()
    one = queries_for_page()
    for _ in range(4):
        add_review_with_reply()
    assert queries_for_page() == one


def test_api_reviews_include_trust_fields_and_the_reply(client, factories, center):
    review = factories.review(center, verified_visit=True, helpful_count=2)
    manager = factories.manager(center)
    db.session.add(ReviewReply(review_id=review.id, author_id=manager.id, body="Thank you"))
    db.session.commit()
    item = client.get(f"/api/v1/centers/{center.slug}/reviews").get_json()["items"][0]
    assert (item["verified_visit"], item["edited"], item["helpful_count"]) == (True, False, 2)
    assert item["reply"]["text"] == "Thank you" and item["reply"]["created_at"]


def test_posting_is_rate_limited_per_member(client, auth, factories, center):
    sign_in(auth, factories.user())
    statuses = [client.post(f"/centers/{center.slug}/reviews/new", data=form(visit_code="AAAA-AAAA")).status_code
                for _ in range(21)]
    assert statuses[:20] == [200] * 20 and statuses[20] == 429
    sign_in(auth, factories.user())  # another member has their own allowance
    assert client.post(f"/centers/{center.slug}/reviews/new", data=form(visit_code="AAAA-AAAA")).status_code == 200


text = st.text(st.characters(codec="utf-8"), max_size=300)
long_text = st.text(st.characters(codec="utf-8"), min_size=20, max_size=400)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.fixed_dictionaries({}, optional={
    "rating": st.one_of(text, st.sampled_from(["1", "5"])), "skill": text, "title": text,
    "body": st.one_of(text, long_text), "menu_item_id": text, "visit_month": text, "visit_code": text}))
def test_any_review_form_input_never_gives_a_server_error(client, auth, factories, center, data):
    sign_in(auth, factories.user())
    response = client.post(f"/centers/{center.slug}/reviews/new", data=data)
    assert response.status_code in (200, 302)


def test_voting_from_the_list_returns_to_the_list_and_never_off_site(client, auth, factories, center):
    review = factories.review(center)
    sign_in(auth, factories.user())
    listing = f"http://sukoon.test/centers/{center.slug}/reviews?sort=helpful&page=1"
    response = client.post(f"/reviews/{review.id}/helpful", headers={"Referer": listing})
    assert response.location == f"/centers/{center.slug}/reviews?sort=helpful&page=1#review-{review.id}"
    evil = client.post(f"/reviews/{review.id}/helpful",
                       headers={"Referer": f"https://evil.example/centers/{center.slug}/reviews"})
    assert evil.location == f"/centers/{center.slug}#review-{review.id}"
