"""Review pages: the center page block, the list, the rules page, escaping, query counts, API, fuzzing."""
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from directory.extensions import db
from directory.models import ReviewReply

from ...reviewing import BODY, center_page, sign_in


@pytest.fixture
def center(factories):
    service = factories.service(name="Swedish")
    return factories.center(name="Calm Spa", menu=[(service, 60, 4000)])


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
    for junk in ("sort=rating;drop", "stars=9", "page=-1", "page=abc"):
        assert client.get(f"/centers/{center.slug}/reviews?{junk}").status_code == 200
    assert client.get(f"/centers/{center.slug}/reviews?stars=%00").status_code == 400  # NUL: a clear refusal


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


text = st.text(st.characters(codec="utf-8"), max_size=300)
long_text = st.text(st.characters(codec="utf-8"), min_size=20, max_size=400)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.fixed_dictionaries({}, optional={
    "rating": st.one_of(text, st.sampled_from(["1", "5"])), "skill": text, "title": text,
    "body": st.one_of(text, long_text), "menu_item_id": text, "visit_month": text, "visit_code": text}))
def test_any_review_form_input_never_gives_a_server_error(client, auth, factories, center, data):
    sign_in(auth, factories.user())
    response = client.post(f"/centers/{center.slug}/reviews/new", data=data)
    has_nul = any("\x00" in value for value in data.values())
    assert response.status_code in ((400,) if has_nul else (200, 302))


def test_voting_from_the_list_returns_to_the_list_and_never_off_site(client, auth, factories, center):
    review = factories.review(center)
    sign_in(auth, factories.user())
    listing = f"http://sukoon.test/centers/{center.slug}/reviews?sort=helpful&page=1"
    response = client.post(f"/reviews/{review.id}/helpful", headers={"Referer": listing})
    assert response.location == f"/centers/{center.slug}/reviews?sort=helpful&page=1#review-{review.id}"
    evil = client.post(f"/reviews/{review.id}/helpful",
                       headers={"Referer": f"https://evil.example/centers/{center.slug}/reviews"})
    assert evil.location == f"/centers/{center.slug}#review-{review.id}"
