"""Listing edit rules: the weekly grid, special closures in open-now (Python and SQL), details and location."""
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import Center, OpeningHours, SpecialClosure
from directory.models.center_index import latitude_band
from directory.services.hours import Span, closure_label, open_state, parse_span, upcoming_closures
from directory.services.listings.edits import Details, EditError, set_location, update_details
from directory.services.listings.schedule import add_closure, check_week, replace_week
from directory.services.search_filters import open_now_condition

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
# 2026-11-16 is a Monday.


def t(text: str) -> time:
    return time.fromisoformat(text)


def closure(starts: date, ends: date, reason: str = "") -> SpecialClosure:
    return SpecialClosure(starts_on=starts, ends_on=ends, reason=reason)


@pytest.mark.parametrize("week", [
    {MON: [(t("10:00"), t("14:00")), (t("14:00"), t("22:00"))]},  # touching is not overlapping
    {day: [(t("00:00"), t("00:00"))] for day in range(7)},  # open 24 hours every day
    {FRI: [(t("18:00"), t("02:00"))], SAT: [(t("02:00"), t("10:00"))]},
    {SUN: [(t("20:00"), t("02:00"))], MON: [(t("02:00"), t("05:00"))]},
    {},
])
def test_valid_weeks_pass(week):
    check_week(week)


@pytest.mark.parametrize("week, day", [
    ({MON: [(t("10:00"), t("14:00")), (t("13:59"), t("18:00"))]}, MON),
    ({THU: [(t("20:00"), t("04:00"))], FRI: [(t("03:00"), t("09:00"))]}, THU),
    ({SUN: [(t("22:00"), t("01:00"))], MON: [(t("00:30"), t("08:00"))]}, SUN),  # next Monday morning
    ({SAT: [(t("00:00"), t("00:00"))], SUN: [(t("00:00"), t("00:00"))], MON: [(t("00:00"), t("00:00")),
                                                                             (t("09:00"), t("10:00"))]}, MON),
    ({TUE: [(t("09:00"), t("10:00"))] * 3}, TUE),
])
def test_overlapping_or_crowded_weeks_are_refused_on_their_day(week, day):
    with pytest.raises(EditError) as refused:
        check_week(week)
    assert refused.value.field == day


def test_a_closure_closes_the_day_but_not_the_evening_before_past_midnight():
    spans = [parse_span(day, "18:00-02:00") for day in range(7)]
    christmas = [closure(date(2026, 12, 25), date(2026, 12, 26), "Christmas")]
    # Thursday 24 Dec 20:00: open, and it closes at 02:00 (Friday's own span does not happen)
    assert open_state(spans, datetime(2026, 12, 24, 20), christmas).is_open
    assert open_state(spans, datetime(2026, 12, 25, 1, 30), christmas).is_open
    state = open_state(spans, datetime(2026, 12, 25, 19), christmas)
    assert not state.is_open
    assert state.describe(datetime(2026, 12, 25, 19)) == "Closed today (Christmas) · opens Sunday at 18:00"
    assert open_state(spans, datetime(2026, 12, 27, 19), christmas).is_open


def test_a_24_hour_center_is_closed_on_a_closure_day_and_reopens_after():
    spans = [parse_span(day, "00:00-24:00") for day in range(7)]
    eid = [closure(date(2026, 11, 18), date(2026, 11, 18))]
    state = open_state(spans, datetime(2026, 11, 18, 12), eid)
    assert not state.is_open and state.describe(datetime(2026, 11, 18, 12)) == "Closed today · opens at midnight"
    before = open_state(spans, datetime(2026, 11, 17, 12), eid)
    assert before.is_open and before.describe(datetime(2026, 11, 17, 12)) == "Open now · closes at midnight"


def test_closure_labels_and_upcoming_order():
    today = date(2026, 11, 20)
    assert closure_label(closure(date(2026, 12, 25), date(2026, 12, 26), "Christmas"), today) == \
        "Closed 25–26 Dec: Christmas"
    assert closure_label(closure(date(2026, 12, 1), date(2026, 12, 1)), today) == "Closed 1 Dec"
    assert closure_label(closure(date(2026, 12, 30), date(2027, 1, 2), "New Year"), today) == \
        "Closed 30 Dec – 2 Jan 2027: New Year"
    rows = [closure(date(2027, 1, 5), date(2027, 1, 5)), closure(date(2026, 11, 1), date(2026, 11, 2)),
            closure(date(2026, 11, 19), date(2026, 11, 21))]
    assert [row.starts_on.day for row in upcoming_closures(rows, today)] == [19, 5]


def test_search_open_now_filter_skips_centers_closed_for_the_day(app, factories):
    every_day = {day: [("10:00", "22:00")] for day in range(7)}
    late = {day: [("20:00", "03:00")] for day in range(7)}
    open_one = factories.center(name="Open", hours=every_day)
    closed = factories.center(name="Closed", hours=every_day)
    spill = factories.center(name="Spill", hours=late)
    thursday = date(2026, 11, 19)
    db.session.add_all([SpecialClosure(center_id=closed.id, starts_on=thursday, ends_on=thursday),
                        SpecialClosure(center_id=spill.id, starts_on=thursday, ends_on=thursday)])
    db.session.commit()

    def names(utc: datetime) -> set[str]:
        return set(db.session.scalars(select(Center.name).where(open_now_condition(db.session, utc))))

    assert names(datetime(2026, 11, 19, 7, tzinfo=UTC)) == {"Open"}  # Thursday 12:00 in Karachi
    # Friday 01:00 in Karachi: Thursday's late span is closed; Wednesday's would not be
    assert names(datetime(2026, 11, 19, 20, tzinfo=UTC)) == set()
    assert names(datetime(2026, 11, 18, 20, tzinfo=UTC)) == {"Spill"}
    assert open_one and spill


def test_replace_week_reuses_opening_times_in_one_transaction(app, factories):
    center = factories.center(hours={MON: [("10:00", "20:00")], TUE: [("10:00", "20:00")]})
    replace_week(db.session, None, center, {MON: [(t("10:00"), t("18:00"))], TUE: [], WED: [(t("09:00"), t("17:00"))]},
                 version=center.version)
    db.session.commit()
    rows = db.session.scalars(select(OpeningHours).where(OpeningHours.center_id == center.id)
                              .order_by(OpeningHours.weekday)).all()
    assert [(row.weekday, row.opens_at, row.closes_at) for row in rows] == [
        (MON, t("10:00"), t("18:00")), (WED, t("09:00"), t("17:00"))]
    assert [Span(r.weekday, r.opens_at, r.closes_at).label for r in rows] == ["10:00–18:00", "09:00–17:00"]


def test_overlapping_closures_are_refused(app, factories):
    center = factories.center()
    today = date(2026, 11, 20)
    add_closure(db.session, None, center, date(2026, 12, 24), date(2026, 12, 26), "Christmas", today,
                version=center.version)
    db.session.commit()
    with pytest.raises(EditError, match="overlaps a closure already listed"):
        add_closure(db.session, None, center, date(2026, 12, 26), None, "", today, version=center.version)


def test_details_change_keeps_the_status_and_cleans_text(app, factories):
    center = factories.center(status="published")
    details = Details(name="  Calm\x07 Spa ", kind="hotel_spa", description="", address="1 Road", area="",
                      city="Lahore", phone=" +92  42 1234 5678 ", whatsapp="", email="", website="http://calm.example",
                      gender_policy="mixed", amenities=["sauna", "parking", "sauna"])
    changed = update_details(db.session, None, center, details, version=center.version)
    db.session.commit()
    assert center.status == "published" and center.name == "Calm Spa" and center.phone == "+92 42 1234 5678"
    assert center.whatsapp is None and center.amenities == ["parking", "sauna"]
    assert {"name", "kind", "city", "phone", "whatsapp", "website", "amenities"} <= set(changed)


def test_location_is_rounded_like_the_model_and_moves_the_latitude_band(app, factories):
    center = factories.center(latitude=24.81, longitude=67.03)
    set_location(db.session, None, center, -33.123456789, 151.2, version=center.version)
    db.session.commit()
    assert (center.latitude, center.longitude, center.lat_band) == (-33.1234568, 151.2, latitude_band(-33.1234568))
    with pytest.raises(EditError):
        set_location(db.session, None, center, float("nan"), 67.0, version=center.version)
