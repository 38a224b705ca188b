"""The owner's booking settings: saved by the center's managers, refused to everyone else, used by the request form."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import BookingRequest, BookingSettings
from directory.services.hours import local_now

ALL_DAY = {day: [("00:00", "00:00")] for day in range(7)}


@pytest.fixture
def center(factories):
    return factories.center(menu=[(factories.service(), 60, 4500)], hours=ALL_DAY)


def url(center) -> str:
    return f"/manage/centers/{center.slug}/bookings/settings"


def settings(center) -> BookingSettings | None:
    db.session.expire_all()
    return db.session.get(BookingSettings, center.id)


def test_a_manager_turns_requests_off_and_the_request_form_says_so(client, auth, factories, center):
    auth.login_as(factories.manager(center))
    page = client.get(url(center)).get_data(as_text=True)
    assert 'value="2"' in page and 'value="30"' in page  # the defaults before the first save
    response = client.post(url(center), data={"min_notice_hours": "24", "days_ahead": "7"})
    assert response.status_code == 302
    saved = settings(center)
    assert (saved.takes_requests, saved.min_notice_hours, saved.days_ahead) == (False, 24, 7)
    auth.logout()
    day = (local_now("Asia/Karachi").date() + timedelta(days=2)).isoformat()
    client.post(f"/centers/{center.slug}/book", data={
        "menu_item_id": str(center.menu[0].id), "day": day, "start_1": "15:00", "therapist_preference": "any",
        "name": "Ayesha", "mobile": "0300-1234567"})
    assert db.session.scalar(select(BookingRequest.id)) is None


def test_the_days_ahead_setting_refuses_later_requests(client, auth, factories, center):
    auth.login_as(factories.manager(center))
    client.post(url(center), data={"takes_requests": "y", "min_notice_hours": "0", "days_ahead": "3"})
    auth.logout()
    day = (local_now("Asia/Karachi").date() + timedelta(days=5)).isoformat()
    page = client.post(f"/centers/{center.slug}/book", data={
        "menu_item_id": str(center.menu[0].id), "day": day, "start_1": "15:00", "therapist_preference": "any",
        "name": "Ayesha", "mobile": "0300-1234567"})
    assert page.status_code == 422 and "3 days ahead" in page.get_data(as_text=True)


@pytest.mark.parametrize("notice, days", [("169", "30"), ("-1", "30"), ("2", "0"), ("2", "91"), ("x", "30")])
def test_out_of_range_values_are_field_errors(client, auth, factories, center, notice, days):
    auth.login_as(factories.manager(center))
    response = client.post(url(center), data={"takes_requests": "y", "min_notice_hours": notice, "days_ahead": days})
    assert response.status_code == 422 and 'class="field-error"' in response.get_data(as_text=True)
    assert settings(center) is None


@pytest.mark.parametrize("who", ["member", "manager_of_another_center"])
def test_people_who_do_not_manage_the_center_get_404(client, auth, factories, center, who):
    user = factories.user() if who == "member" else factories.manager(factories.center())
    auth.login_as(user)
    assert client.get(url(center)).status_code == 404
    assert client.post(url(center), data={"min_notice_hours": "1", "days_ahead": "5"}).status_code == 404
    assert settings(center) is None


def test_anonymous_visitors_are_sent_to_log_in(client, center):
    response = client.post(url(center), data={"min_notice_hours": "1", "days_ahead": "5"})
    assert response.status_code == 302 and "/accounts/login" in response.location
    assert settings(center) is None


def test_the_inbox_links_to_the_settings(client, auth, factories, center):
    auth.login_as(factories.manager(center))
    assert url(center) in client.get(f"/manage/centers/{center.slug}/bookings").get_data(as_text=True)


def test_the_settings_page_speaks_urdu(client, auth, factories, center):
    auth.login_as(factories.manager(center))
    page = client.get(f"/ur{url(center)}").get_data(as_text=True)
    assert "بکنگ کی ترتیبات" in page and "ترتیبات محفوظ کریں" in page
