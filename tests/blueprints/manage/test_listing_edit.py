"""Editing a listing as its manager: details, location, menu, hours, special closures and "confirm it's current"."""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import AuditEntry, Center, CenterDocument, CenterService, OpeningHours, SpecialClosure
from directory.models.center_index import latitude_band
from directory.services.hours import Span, local_now, open_state
from directory.services.listings.versions import STALE_MESSAGE

from ...reviewing import center_page, sign_in

DETAILS = {"name": "Sukoon Day Spa", "kind": "day_spa", "description": "Quiet rooms near the sea.",
           "address": "12 Sea View Road", "area": "Clifton", "city": "Karachi", "phone": "+92 21 3583 0000",
           "whatsapp": "+92 300 1234567", "email": "desk@sukoon.example", "website": "https://sukoon.example",
           "gender_policy": "women_only", "amenities": ["parking", "sauna"]}
WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.fixture
def center(factories):
    service = factories.service(name="Swedish")
    return factories.center(name="Old Name", menu=[(service, 60, 4000)], hours={0: [("10:00", "20:00")]})


@pytest.fixture
def manager(auth, factories, center):
    user = factories.manager(center)
    sign_in(auth, user)
    return user


def url(center, path: str) -> str:
    return f"/manage/centers/{center.slug}/{path}"


def fresh(center) -> Center:
    db.session.expire_all()
    return db.session.get(Center, center.id)


def actions(center) -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.subject_id == center.id)))


def post(client, center, path: str, data: dict, version=None, key: str = "version"):
    return client.post(url(center, path), data={**data, key: fresh(center).version if version is None else version})


def grid(**days) -> dict:
    """Hours form data: days maps "mon" to [("10:00", "20:00"), ...]; days not given are closed."""
    data = {}
    for day in WEEK:
        spans = days.get(day, [])
        if not spans:
            data[f"{day}-closed"] = "y"
        for number, (opens, closes) in enumerate(spans, start=1):
            data |= {f"{day}-opens_{number}": opens, f"{day}-closes_{number}": closes}
    return data


# Pages and who sees them

@pytest.mark.parametrize("path", ["details", "location", "menu", "hours"])
def test_each_page_shows_the_current_listing_and_the_confirm_panel(client, center, manager, path):
    page = client.get(url(center, path)).get_data(as_text=True)
    assert "Is everything on this listing still right?" in page and "Confirm it's current" in page
    assert f'name="version" type="hidden" value="{center.version}"' in page and 'aria-current="page"' in page


@pytest.mark.parametrize("path", ["details", "location", "menu", "hours"])
def test_other_owners_members_and_visitors_cannot_open_the_pages(client, auth, factories, center, path):
    assert "/accounts/login" in client.get(url(center, path)).location
    for user in (factories.user(), factories.manager(factories.center())):
        sign_in(auth, user)
        assert client.get(url(center, path)).status_code == 404


# Details

def test_manager_saves_details_and_the_public_page_and_search_follow(client, center, manager):
    response = post(client, center, "details", DETAILS)
    assert response.status_code == 302 and response.location.endswith(url(center, "details"))
    saved = fresh(center)
    assert (saved.name, saved.gender_policy, saved.amenities, saved.status) == (
        "Sukoon Day Spa", "women_only", ["parking", "sauna"], "published")
    assert " sukoon day spa " in db.session.get(CenterDocument, center.id).body  # as search compares words
    assert "center.edit_details" in actions(center)
    assert "Details saved." in client.get(url(center, "details")).get_data(as_text=True)
    page = center_page(client, center)
    assert "Sukoon Day Spa" in page and "Women only" in page and "Sauna" in page


@pytest.mark.parametrize("field, value, message", [
    ("website", "javascript:alert(1)", "starting with https:// or http://"),
    ("website", "ftp://files.example", "starting with https:// or http://"),
    ("phone", "call me maybe", "Use digits and spaces"),
    ("whatsapp", "12", "Use digits and spaces"),
    ("email", "not-an-email", "name@example.com"),
    ("name", "", "Enter the center&#39;s name."),
    ("kind", "castle", "Choose what kind of place"),
    ("gender_policy", "nobody", "Choose who the center serves"),
    ("amenities", ["parking", "helipad"], "Choose amenities from the list"),
])
def test_bad_details_are_refused_next_to_their_field(client, center, manager, field, value, message):
    response = post(client, center, "details", {**DETAILS, field: value})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page and 'class="field-error"' in page
    assert fresh(center).name == "Old Name"


def test_extra_fields_cannot_set_protected_columns(client, factories, auth):
    pending = factories.center(status="pending")
    sign_in(auth, factories.manager(pending))
    post(client, pending, "details", {**DETAILS, "status": "published", "rating_sum": "999", "rating_count": "200",
                                      "confirmed_at": "2030-01-01", "slug": "taken-over"})
    saved = fresh(pending)
    assert (saved.name, saved.status, saved.rating_sum, saved.rating_count, saved.slug, saved.confirmed_at) == (
        "Sukoon Day Spa", "pending", 0, 0, pending.slug, None)


def test_a_forged_version_is_refused_like_a_stale_one(client, center, manager):
    response = post(client, center, "details", DETAILS, version=99)
    assert response.status_code == 409 and fresh(center).name == "Old Name"


def test_second_managers_stale_save_is_refused_and_overwrites_nothing(client, auth, factories, center, manager):
    seen = fresh(center).version  # both managers opened the form now
    other = factories.manager(center)
    sign_in(auth, other)
    assert post(client, center, "details", {**DETAILS, "name": "Saved First"}, version=seen).status_code == 302
    sign_in(auth, manager)
    response = post(client, center, "details", {**DETAILS, "name": "Saved Second"}, version=seen)
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and STALE_MESSAGE[:40] in page
    assert 'value="Saved First"' in page  # the form now shows what is saved
    assert fresh(center).name == "Saved First"
    assert post(client, center, "hours", grid(mon=[("09:00", "17:00")]), version=seen).status_code == 409
    assert [(row.opens_at.hour, row.closes_at.hour) for row in fresh(center).hours] == [(10, 20)]


# Location

def test_pages_never_geocode_while_rendering(client, center, manager, monkeypatch):
    def boom(text):
        raise AssertionError("geocoded while rendering")

    monkeypatch.setattr("directory.blueprints.manage.listing.app_geocode", boom)
    assert client.get(url(center, "location")).status_code == 200


def test_find_from_the_address_shows_the_place_for_the_owner_to_confirm(client, factories, auth):
    center = factories.center(address="Nowhere Lane 4", area="Clifton", city="Karachi", latitude=25.5, longitude=68.5)
    sign_in(auth, factories.manager(center))
    response = post(client, center, "location", {"find-find": "1"}, key="find-version")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Clifton, Karachi" in page and "Nothing is saved yet" in page
    assert 'name="latitude" required step="any" type="number" value="24.8138"' in page
    assert (fresh(center).latitude, fresh(center).longitude) == (25.5, 68.5)


def test_an_address_nobody_knows_asks_for_the_pin(client, factories, auth):
    center = factories.center(address="Qqzx 9", area="Zzyzx", city="Xqwv")
    sign_in(auth, factories.manager(center))
    page = post(client, center, "location", {"find-find": "1"}, key="find-version").get_data(as_text=True)
    assert "We could not find this address" in page


def test_manual_coordinates_are_saved_rounded_and_reindexed(client, center, manager):
    response = post(client, center, "location", {"latitude": "24.923456789", "longitude": "67.098765432",
                                                 "save": "1"})
    assert response.status_code == 302
    saved = fresh(center)
    assert (saved.latitude, saved.longitude, saved.lat_band) == (24.9234568, 67.0987654, latitude_band(24.9234568))
    assert "center.edit_location" in actions(center)


@pytest.mark.parametrize("latitude, longitude, message", [
    ("90.5", "67", "Latitude must be a number from -90 to 90"),
    ("24.8", "181", "Longitude must be a number from -180 to 180"),
    ("nan", "67", "Latitude must be"), ("24.8", "inf", "Longitude must be"),
    ("north", "67", "Enter a number with a dot"), ("", "67", "Enter the latitude"),
])
def test_coordinates_out_of_range_are_refused(client, center, manager, latitude, longitude, message):
    response = post(client, center, "location", {"latitude": latitude, "longitude": longitude, "save": "1"})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert fresh(center).latitude == 24.8138


# Menu

def test_manager_adds_edits_and_removes_menu_lines(client, factories, center, manager):
    hot_stone = factories.service(name="Hot Stone")
    line = {"service_id": hot_stone.id, "name": "", "description": "Basalt stones", "duration_min": "90",
            "price_pkr": "6000"}
    assert post(client, center, "menu/add", line).status_code == 302
    added = db.session.scalar(select(CenterService).where(CenterService.service_id == hot_stone.id))
    assert (added.name, added.price_per_hour, added.position) == ("Hot Stone", 4000, 1)
    page = client.get(url(center, "menu")).get_data(as_text=True)
    assert "Added to your menu." in page and "PKR 4,000" in page
    assert " hot stone " in db.session.get(CenterDocument, center.id).body
    edit = client.get(url(center, f"menu?edit={added.id}")).get_data(as_text=True)
    assert 'Change "Hot Stone"' in edit and 'value="90"' in edit
    assert post(client, center, f"menu/{added.id}", {**line, "name": "Stone Ritual"}).status_code == 302
    assert db.session.get(CenterService, added.id).name == "Stone Ritual"
    added_id = added.id
    assert post(client, center, f"menu/{added_id}/delete", {}).status_code == 302
    assert db.session.scalar(select(CenterService).where(CenterService.id == added_id)) is None
    assert {"center.menu_add", "center.menu_update", "center.menu_delete"} <= set(actions(center))


@pytest.mark.parametrize("changes, message", [
    ({"duration_min": "3"}, "Duration must be 5 to 600 minutes."),
    ({"duration_min": "601"}, "Duration must be 5 to 600 minutes."),
    ({"price_pkr": "0"}, "Price must be a whole number of rupees"),
    ({"price_pkr": "-100"}, "Price must be a whole number of rupees"),
    ({"price_pkr": "99999999"}, "Price must be a whole number of rupees"),
    ({"price_pkr": "4,500"}, "Enter a whole number"),
    ({"service_id": "999999"}, "Choose a massage type from the list."),
    ({"service_id": "swedish"}, "Choose a massage type from the list."),
    ({"service_id": ""}, "Choose a massage type."),
])
def test_bad_menu_lines_are_refused(client, center, manager, changes, message):
    service_id = center.menu[0].service_id
    data = {"service_id": service_id, "name": "Bad", "duration_min": "60", "price_pkr": "3000", **changes}
    response = post(client, center, "menu/add", data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert len(fresh(center).menu) == 1


def test_another_centers_menu_line_is_not_found(client, factories, center, manager):
    other = factories.center(menu=[(factories.service(), 60, 5000)])
    line_id = other.menu[0].id
    data = {"service_id": other.menu[0].service_id, "name": "Hijack", "duration_min": "60", "price_pkr": "1"}
    assert post(client, center, f"menu/{line_id}", data).status_code == 404
    assert post(client, center, f"menu/{line_id}/delete", {}).status_code == 404
    assert client.get(url(center, f"menu?edit={line_id}")).status_code == 404
    assert db.session.get(CenterService, line_id).price_pkr == 5000


# Hours

def test_weekly_grid_replaces_the_hours_and_past_midnight_is_open_at_one(client, center, manager):
    data = grid(mon=[("16:00", "22:00"), ("10:00", "14:00")], fri=[("18:00", "02:00")], sun=[("00:00", "00:00")])
    assert post(client, center, "hours", data).status_code == 302
    rows = fresh(center).hours
    assert [(r.weekday, f"{r.opens_at:%H:%M}-{r.closes_at:%H:%M}") for r in rows] == [
        (0, "10:00-14:00"), (0, "16:00-22:00"), (4, "18:00-02:00"), (6, "00:00-00:00")]
    spans = [Span(r.weekday, r.opens_at, r.closes_at) for r in rows]
    assert open_state(spans, datetime(2026, 11, 21, 1, 0)).is_open  # Saturday 01:00, Friday's span
    assert not open_state(spans, datetime(2026, 11, 17, 1, 0)).is_open  # Tuesday 01:00
    page = center_page(client, center)
    assert "18:00–02:00 (next day)" in page and "Open 24 hours" in page
    assert "center.edit_hours" in actions(center)


def test_the_grid_shows_saved_hours_and_the_midnight_hint(client, center, manager):
    page = client.get(url(center, "hours")).get_data(as_text=True)
    assert 'name="mon-opens_1" type="time" value="10:00"' in page and "past midnight" in page
    assert 'name="tue-closed" type="checkbox" value="y"' in page and "00:00 to 00:00" in page


@pytest.mark.parametrize("days, message", [
    ({"mon": [("10:00", "14:00"), ("13:00", "18:00")]}, "Monday 10:00–14:00 overlaps Monday 13:00–18:00"),
    ({"fri": [("18:00", "03:00")], "sat": [("02:00", "10:00")]}, "Friday 18:00–03:00 overlaps Saturday 02:00–10:00"),
    ({"sun": [("20:00", "02:00")], "mon": [("01:00", "05:00")]}, "Sunday 20:00–02:00 overlaps Monday 01:00–05:00"),
    ({"tue": [("00:00", "00:00"), ("10:00", "12:00")]}, "overlaps"),
    ({"wed": [("10:00", "10:00")]}, "for 24 hours use 00:00 to 00:00"),
])
def test_overlapping_spans_are_refused_with_a_message(client, center, manager, days, message):
    response = post(client, center, "hours", grid(**days))
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert [(r.weekday, r.opens_at.hour) for r in fresh(center).hours] == [(0, 10)]


def test_a_time_without_its_pair_or_garbage_is_refused(client, center, manager):
    data = grid(tue=[("10:00", "18:00")]) | {"wed-opens_1": "09:00", "thu-opens_1": "25:99", "thu-closes_1": "x"}
    data.pop("wed-closed"), data.pop("thu-closed")
    page = post(client, center, "hours", data).get_data(as_text=True)
    assert "Wednesday: enter both the opening and the closing time" in page and "Enter a time like 10:00" in page
    assert [(r.weekday, r.opens_at.hour) for r in fresh(center).hours] == [(0, 10)]


# Special closures

def test_special_closure_shows_on_the_public_page_and_can_be_removed(client, center, manager):
    today = local_now("Asia/Karachi").date()
    starts = date(today.year, 12, 25) if today < date(today.year, 12, 20) else date(today.year + 1, 12, 25)
    response = post(client, center, "closures/add", {"closure-starts_on": starts.isoformat(),
                                                     "closure-ends_on": (starts + timedelta(days=1)).isoformat(),
                                                     "closure-reason": "Christmas"}, key="closure-version")
    assert response.status_code == 302
    label = "Closed 25–26 Dec" + ("" if starts.year == today.year else f" {starts.year}") + ": Christmas"
    assert label in center_page(client, center)
    assert label in client.get(url(center, "hours")).get_data(as_text=True)
    closure = db.session.scalar(select(SpecialClosure).where(SpecialClosure.center_id == center.id))
    assert post(client, center, f"closures/{closure.id}/delete", {}).status_code == 302
    assert "Closed 25–26 Dec" not in center_page(client, center)
    assert {"center.closure_add", "center.closure_delete"} <= set(actions(center))


@pytest.mark.parametrize("starts, ends, message", [
    (-10, -3, "already past"), (5, 2, "cannot be before the first"), (900, None, "up to two years ahead"),
    (1, 400, "up to a year"),
])
def test_bad_closures_are_refused(client, center, manager, starts, ends, message):
    today = local_now("Asia/Karachi").date()
    data = {"closure-starts_on": (today + timedelta(days=starts)).isoformat(), "closure-reason": "x"}
    if ends is not None:
        data["closure-ends_on"] = (today + timedelta(days=ends)).isoformat()
    response = post(client, center, "closures/add", data, key="closure-version")
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert fresh(center).closures == []


def test_a_closure_today_makes_the_center_closed_now(client, factories):
    center = factories.center(hours={day: [("00:00", "00:00")] for day in range(7)})
    assert "Open 24 hours" in center_page(client, center)
    today = local_now(center.timezone).date()
    db.session.add(SpecialClosure(center_id=center.id, starts_on=today, ends_on=today, reason="Eid"))
    db.session.commit()
    page = center_page(client, center)
    assert "Closed today (Eid)" in page and "is-closed" in page


def test_another_centers_closure_is_not_found(client, factories, center, manager):
    other = factories.center()
    closure = SpecialClosure(center_id=other.id, starts_on=date(2099, 1, 1), ends_on=date(2099, 1, 2))
    db.session.add(closure)
    db.session.commit()
    assert post(client, center, f"closures/{closure.id}/delete", {}).status_code == 404
    assert db.session.get(SpecialClosure, closure.id) is not None


# Confirm it's current

def test_confirming_the_listing_shows_on_the_public_page(client, center, manager):
    assert "not confirmed this listing yet" in center_page(client, center)
    response = post(client, center, "confirm", {"confirm-back": "hours"}, key="confirm-version")
    assert response.status_code == 302 and response.location.endswith(url(center, "hours"))
    page = client.get(url(center, "hours")).get_data(as_text=True)
    assert "your page now says the listing was confirmed today" in page and "(today)" in page
    assert fresh(center).confirmed_at is not None and "center.confirm" in actions(center)
    assert "Listing confirmed by the center today" in center_page(client, center)
    assert "Recently confirmed" in center_page(client, center)


def test_confirm_goes_back_only_to_an_edit_page(client, center, manager):
    response = post(client, center, "confirm", {"confirm-back": "https://evil.example"}, key="confirm-version")
    assert response.location.endswith(url(center, "details"))


def test_hours_rows_are_kept_when_a_save_fails(client, center, manager):
    """A refused save leaves the old rows: nothing is half-written."""
    before = db.session.scalars(select(OpeningHours.id).where(OpeningHours.center_id == center.id)).all()
    post(client, center, "hours", grid(mon=[("10:00", "14:00"), ("12:00", "15:00")]))
    assert db.session.scalars(select(OpeningHours.id).where(OpeningHours.center_id == center.id)).all() == before
