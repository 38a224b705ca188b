"""Booking requests through the web: the journey from request to verified review, and every refusal."""
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import BookingRequest, Review
from directory.services.hours import local_now

ALL_DAY = {day: [("00:00", "00:00")] for day in range(7)}


@pytest.fixture
def center(factories):
    return factories.center(name="The Royal Spa", menu=[(factories.service(name="Swedish massage"), 60, 4500)],
                            hours=ALL_DAY)


def in_days(days: int) -> str:
    return (local_now("Asia/Karachi").date() + timedelta(days=days)).isoformat()


def form(center, **overrides) -> dict:
    return {"menu_item_id": str(center.menu[0].id), "day": in_days(2), "start_1": "15:00", "start_2": "18:30",
            "therapist_preference": "any", "name": "Ayesha Khan", "mobile": "0300-1234567",
            "note": "Lower back pain, gentle pressure please", **overrides}


def latest() -> BookingRequest:
    return db.session.scalar(select(BookingRequest).order_by(BookingRequest.id.desc()))


def test_center_page_and_menu_lines_offer_request_a_booking(client, center):
    page = client.get(f"/centers/{center.slug}").get_data(as_text=True)
    assert page.count("Request a booking") == 2
    assert f"/centers/{center.slug}/book?item={center.menu[0].id}" in page
    assert "Swedish massage · 60 min · Rs 4,500" in client.get(f"/centers/{center.slug}/book").get_data(as_text=True)


def test_a_guest_request_confirmed_completed_and_reviewed_as_a_verified_visit(client, auth, factories, center):
    response = client.post(f"/centers/{center.slug}/book", data=form(center))
    booking = latest()
    assert response.status_code == 302 and response.location.endswith(f"/bookings/{booking.token}")
    status_page = client.get(response.location).get_data(as_text=True)
    assert booking.reference in status_page and "Waiting for the center" in status_page
    link = re.search(r'href="(https://wa\.me/[^"]+)"', status_page)[1].replace("&amp;", "&")
    text = parse_qs(urlparse(link).query)["text"][0]
    assert urlparse(link).path == "/923001234567" and booking.reference in text and "Swedish massage" in text
    assert booking.mobile == "+923001234567"

    manager = factories.manager(center)
    auth.login_as(manager)
    inbox = client.get(f"/manage/centers/{center.slug}/bookings").get_data(as_text=True)
    assert booking.reference in inbox and "Reply on WhatsApp" in inbox and "Waiting for the center (1)" in inbox
    client.post(f"/manage/centers/{center.slug}/bookings/{booking.id}/confirm",
                data={"version": booking.version, "window": "18:30-19:30"})
    auth.logout()
    assert "Confirmed" in client.get(f"/bookings/{booking.token}").get_data(as_text=True)

    db.session.refresh(booking)
    booking.requested_on = local_now("Asia/Karachi").date() - timedelta(days=1)  # the visit has happened
    db.session.commit()
    auth.login_as(manager)
    client.post(f"/manage/centers/{center.slug}/bookings/{booking.id}/complete", data={"version": booking.version})
    auth.logout()
    page = client.get(f"/bookings/{booking.token}").get_data(as_text=True)
    db.session.refresh(booking)
    assert booking.status == "completed" and booking.review_code in page

    member = factories.user()
    auth.login_as(member)
    review_form = client.get(f"/centers/{center.slug}/reviews/new?visit_code={booking.review_code}")
    assert booking.review_code in review_form.get_data(as_text=True)
    client.post(f"/centers/{center.slug}/reviews/new", data={
        "rating": "5", "title": "Lovely", "visit_code": booking.review_code,
        "body": "Careful with my back, quiet room, on time. I would go again for the same therapist."})
    review = db.session.scalar(select(Review).where(Review.center_id == center.id))
    assert review.verified_visit
    assert "Verified visit" in client.get(f"/centers/{center.slug}").get_data(as_text=True)


@pytest.mark.parametrize("overrides, message", [
    ({"day": in_days(-1)}, "already passed"),
    ({"day": in_days(45)}, "30 days ahead"),
    ({"mobile": "021-35830000"}, "Pakistani mobile"),
    ({"start_1": "", "start_2": ""}, "at least one time"),
])
def test_refusals_are_shown_on_the_form(client, center, overrides, message):
    response = client.post(f"/centers/{center.slug}/book", data=form(center, **overrides))
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert latest() is None


def test_a_closed_day_and_too_little_notice_are_refused(client, factories):
    closed_all_week = factories.center(menu=[(factories.service(), 60, 4500)], hours={})
    response = client.post(f"/centers/{closed_all_week.slug}/book", data=form(closed_all_week))
    assert response.status_code == 422 and "not open" in response.get_data(as_text=True)
    center = factories.center(menu=[(factories.service(), 60, 4500)], hours=ALL_DAY)
    soon = (local_now("Asia/Karachi") + timedelta(minutes=30))
    response = client.post(f"/centers/{center.slug}/book",
                           data=form(center, day=soon.date().isoformat(), start_1=f"{soon:%H:%M}", start_2=""))
    assert response.status_code == 422 and "notice" in response.get_data(as_text=True)


def test_the_honeypot_keeps_nothing(client, center):
    assert client.post(f"/centers/{center.slug}/book", data=form(center, website="spam")).status_code == 400
    assert latest() is None


def test_guests_are_limited_per_phone_and_per_address(app, client, center):
    app.config.update(RATELIMIT_BOOKING_PHONE="2 per hour", RATELIMIT_BOOKING_IP="4 per hour")
    for _ in range(2):
        assert client.post(f"/centers/{center.slug}/book", data=form(center)).status_code == 302
    assert client.post(f"/centers/{center.slug}/book", data=form(center, mobile="+92 300 1234567")).status_code == 429
    for mobile in ("0321-1111111", "0321-2222222"):
        assert client.post(f"/centers/{center.slug}/book", data=form(center, mobile=mobile)).status_code == 302
    assert client.post(f"/centers/{center.slug}/book", data=form(center, mobile="0333-3333333")).status_code == 429


def test_a_stale_second_confirm_is_refused_in_the_inbox(client, auth, factories, center):
    client.post(f"/centers/{center.slug}/book", data=form(center))
    booking = latest()
    first, second = factories.manager(center), factories.manager(center)
    auth.login_as(first)
    client.post(f"/manage/centers/{center.slug}/bookings/{booking.id}/confirm", data={"version": 1,
                                                                                       "window": "15:00-16:00"})
    auth.login_as(second)
    response = client.post(f"/manage/centers/{center.slug}/bookings/{booking.id}/decline",
                           data={"version": 1, "reason": "Full"}, follow_redirects=True)
    assert "Someone else has already answered" in response.get_data(as_text=True)
    db.session.refresh(booking)
    assert booking.status == "confirmed" and booking.chosen_window == "15:00-16:00"


def test_a_wrong_status_link_is_not_found(client):
    assert client.get("/bookings/not-a-real-token").status_code == 404


def test_the_api_says_whether_a_center_takes_requests(client, center, factories):
    detail = client.get(f"/api/v1/centers/{center.slug}").get_json()
    assert detail["accepts_booking_requests"] is True
    assert detail["booking_request_url"].endswith(f"/centers/{center.slug}/book")
    no_menu = factories.center()
    detail = client.get(f"/api/v1/centers/{no_menu.slug}").get_json()
    assert detail["accepts_booking_requests"] is False and detail["booking_request_url"] is None


def test_new_requests_are_counted_in_the_dashboard_attention_items(client, auth, factories, center):
    for mobile in ("0300-1234567", "0321-7654321"):
        client.post(f"/centers/{center.slug}/book", data=form(center, mobile=mobile))
    auth.login_as(factories.manager(center))
    page = client.get("/manage/").get_data(as_text=True)
    assert "2 booking requests to answer" in page and f"/manage/centers/{center.slug}/bookings" in page
