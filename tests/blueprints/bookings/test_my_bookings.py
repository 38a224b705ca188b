"""My bookings: a member sees their own requests, newest first, a page at a time, and nobody else's."""
from datetime import date, timedelta

import pytest

from directory.extensions import db
from directory.models import BookingRequest
from directory.models.base import utcnow


@pytest.fixture
def center(factories):
    return factories.center(name="The Royal Spa")


def add_request(center, member, reference: str, minutes_ago: int, status: str = "new") -> BookingRequest:
    booking = BookingRequest(
        reference=reference, token=reference.lower().ljust(43, "x"), center_id=center.id,
        item_label="Swedish, 60 min, Rs 4,500", member_id=member.id if member else None,
        requested_on=date(2030, 1, 5), windows=["15:00-16:00"], name="Ayesha", mobile="+923001234567",
        status=status, created_at=utcnow() - timedelta(minutes=minutes_ago))
    db.session.add(booking)
    db.session.commit()
    return booking


def test_a_member_sees_their_requests_newest_first_with_links_to_each(client, auth, factories, center):
    member = factories.user()
    add_request(center, member, "SK-OLD1", 60, status="confirmed")
    newest = add_request(center, member, "SK-NEW1", 1)
    auth.login_as(member)
    page = client.get("/bookings/mine").get_data(as_text=True)
    assert page.index("SK-NEW1") < page.index("SK-OLD1")
    assert f"/bookings/{newest.token}" in page and "The Royal Spa" in page and "Confirmed" in page


def test_another_member_does_not_see_them(client, auth, factories, center):
    add_request(center, factories.user(), "SK-HERS", 5)
    add_request(center, None, "SK-GUES", 5)
    auth.login_as(factories.user())
    page = client.get("/bookings/mine").get_data(as_text=True)
    assert "SK-HERS" not in page and "SK-GUES" not in page and "have not asked for a booking yet" in page


def test_the_list_is_paginated(client, auth, factories, center):
    member = factories.user()
    for n in range(23):
        add_request(center, member, f"SK-P{n:03d}", 100 - n)
    auth.login_as(member)
    first = client.get("/bookings/mine").get_data(as_text=True)
    second = client.get("/bookings/mine?page=2").get_data(as_text=True)
    assert first.count("SK-P") == 20 and "SK-P022" in first and 'rel="next"' in first
    assert second.count("SK-P") == 3 and "SK-P000" in second
    assert client.get("/bookings/mine?page=abc").status_code == 200
    assert client.get("/bookings/mine?page=99999999999999999999").status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/bookings/mine")
    assert response.status_code == 302 and "/accounts/login" in response.location


def test_the_profile_links_to_my_bookings(client, auth, factories):
    auth.login_as(factories.user())
    assert "/bookings/mine" in client.get("/accounts/me").get_data(as_text=True)


def test_my_bookings_in_urdu(client, auth, factories, center):
    member = factories.user()
    add_request(center, member, "SK-URDU", 1, status="confirmed")
    auth.login_as(member)
    page = client.get("/ur/bookings/mine").get_data(as_text=True)
    assert "میری بکنگز" in page and "کنفرم" in page and "<bdi>SK-URDU</bdi>" in page
