"""The hour masks of "open now" (services/hours_mask.py): equal to the spans, kept exact by every write, and the
search's answers equal to the exact test and to the center page's own logic."""
import random
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import Center, OpeningHours, SpecialClosure
from directory.models.center_index import hours_masks
from directory.services import search_filters
from directory.services.hours import Span, local_now, open_state
from directory.services.listings.schedule import add_closure, delete_closure, replace_week
from directory.services.search_filters import open_now_condition, open_now_exact

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
WEEK = 7 * 1440


def t(text: str) -> time:
    return time.fromisoformat(text)


def hours_of(mask: tuple) -> tuple[set[int], set[int]]:
    """(hours with some minute open, hours with every minute open) from the six mask columns."""
    def bits(columns):
        return {hour for hour in range(168) if columns[hour // 56] >> (hour % 56) & 1}
    return bits(mask[:3]), bits(mask[3:])


def by_minutes(spans) -> tuple[set[int], set[int]]:
    """The same two sets from every minute of the week, the slow way."""
    open_minutes = set()
    for weekday, opens, closes in spans:
        length = Span(weekday, opens, closes).length.total_seconds() // 60
        start = weekday * 1440 + opens.hour * 60 + opens.minute
        open_minutes.update((start + minute) % WEEK for minute in range(int(length)))
    some = {hour for hour in range(168) if any(hour * 60 + m in open_minutes for m in range(60))}
    full = {hour for hour in range(168) if all(hour * 60 + m in open_minutes for m in range(60))}
    return some, full


@pytest.mark.parametrize("spans", [
    [],  # no hours: never open
    [(MON, t("10:00"), t("22:00"))],
    [(MON, t("10:30"), t("12:15"))],  # partial first and last hours
    [(FRI, t("20:00"), t("03:00"))],  # past midnight into Saturday
    [(SUN, t("22:00"), t("02:30"))],  # Sunday night into next Monday
    [(day, t("00:00"), t("00:00")) for day in range(7)],  # 24 hours every day
    [(SAT, t("00:00"), t("00:00"))],  # 24 hours on one day
    [(TUE, t("09:00"), t("00:00"))],  # closes at midnight (24:00)
    [(WED, t("10:00"), t("13:30")), (WED, t("13:30"), t("18:00"))],  # adjacent spans fill hour 13
    [(THU, t("10:00"), t("13:15")), (THU, t("13:45"), t("18:00"))],  # a break inside hour 13
    [(SUN, t("18:00"), t("18:00"))],  # 24 hours from Sunday 18:00 into Monday
])
def test_masks_equal_the_spans_minute_by_minute(spans):
    assert hours_of(hours_masks(spans)) == by_minutes(spans)
    some, _full = by_minutes(spans)
    assert hours_of(hours_masks(spans, closures=True)) == (some, set())  # closures: only the exact test answers


def test_masks_equal_the_spans_for_random_weeks():
    rng = random.Random(5)
    for _ in range(300):
        spans, taken = [], set()
        for day in rng.sample(range(7), rng.randint(1, 7)):
            opens = t(f"{rng.randint(0, 23):02d}:{rng.choice((0, 15, 30, 45)):02d}")
            closes = t(f"{rng.randint(0, 23):02d}:{rng.choice((0, 15, 30, 45)):02d}")
            if (day, opens) not in taken:
                taken.add((day, opens))
                spans.append((day, opens, closes))
        assert hours_of(hours_masks(spans)) == by_minutes(spans), spans


def stored(center: Center) -> tuple:
    db.session.expire_all()
    row = db.session.get(Center, center.id)
    return (row.hours_mask_0, row.hours_mask_1, row.hours_mask_2, row.hours_full_0, row.hours_full_1,
            row.hours_full_2)


def spans_of(center: Center) -> list:
    return [(row.weekday, row.opens_at, row.closes_at)
            for row in db.session.scalars(select(OpeningHours).where(OpeningHours.center_id == center.id))]


def test_the_stored_masks_follow_every_edit_of_hours_and_closures(app, factories):
    center = factories.center(hours={SUN: [("22:00", "02:00")], MON: [("10:00", "22:00")]})
    other = factories.center(hours={TUE: [("11:00", "19:00")]})
    assert stored(center) == hours_masks(spans_of(center)) and stored(center) != (0,) * 6
    before_other = stored(other)

    # the owner's edit service replaces the week (new, changed and deleted spans in one transaction)
    replace_week(db.session, None, center, {MON: [(t("09:30"), t("13:00")), (t("14:00"), t("01:00"))], TUE: [],
                                            SAT: [(t("00:00"), t("00:00"))]}, version=center.version)
    db.session.commit()
    assert stored(center) == hours_masks([(MON, t("09:30"), t("13:00")), (MON, t("14:00"), t("01:00")),
                                          (SAT, t("00:00"), t("00:00"))])
    # every span deleted: never open
    center = db.session.get(Center, center.id)
    replace_week(db.session, None, center, {day: [] for day in range(7)}, version=center.version)
    db.session.commit()
    assert stored(center) == (0,) * 6
    # a span edited in place, and one moved to another center
    center = db.session.get(Center, center.id)
    center.hours.append(OpeningHours(weekday=WED, opens_at=t("10:00"), closes_at=t("12:00")))
    db.session.commit()
    span = db.session.scalars(select(OpeningHours).where(OpeningHours.center_id == center.id)).one()
    span.closes_at = t("12:30")
    db.session.commit()
    assert stored(center) == hours_masks([(WED, t("10:00"), t("12:30"))])
    span.center_id = other.id
    db.session.commit()
    assert stored(center) == (0,) * 6
    assert stored(other) == hours_masks(spans_of(other)) != before_other

    # a special closure empties the full-hour masks (only the exact test knows which dates), deleting it restores them
    other = db.session.get(Center, other.id)
    closure = add_closure(db.session, None, other, date(2027, 1, 5), None, "", date(2027, 1, 1), version=other.version)
    db.session.commit()
    assert stored(other) == hours_masks(spans_of(other), closures=True)
    other = db.session.get(Center, other.id)
    delete_closure(db.session, None, other, db.session.get(SpecialClosure, closure.id), version=other.version)
    db.session.commit()
    assert stored(other) == hours_masks(spans_of(other))


def test_a_time_zone_change_moves_open_now_with_it(app, factories):
    search_filters.TIMEZONES.forget()
    center = factories.center(name="Moved", hours={WED: [("10:00", "11:00")]})
    masks = stored(center)
    wednesday_1030_karachi = datetime(2026, 11, 18, 5, 30, tzinfo=UTC)
    wednesday_1030_london = datetime(2026, 11, 18, 10, 30, tzinfo=UTC)

    def open_names(moment):
        return set(db.session.scalars(select(Center.name).where(open_now_condition(db.session, moment))))
    assert open_names(wednesday_1030_karachi) == {"Moved"} and open_names(wednesday_1030_london) == set()
    center = db.session.get(Center, center.id)
    center.timezone = "Europe/London"
    db.session.commit()
    search_filters.TIMEZONES.forget()  # a new zone (remembered for a few minutes otherwise)
    assert stored(center) == masks  # local hours: the masks stay
    assert open_names(wednesday_1030_karachi) == set() and open_names(wednesday_1030_london) == {"Moved"}


ZONES = ("Asia/Karachi", "UTC", "Asia/Kolkata", "Europe/London")  # with a half-hour offset and a DST zone


def test_open_now_equals_the_exact_test_and_the_center_page(app, factories):
    """Random weeks (past midnight, 24 hours, breaks, no hours), closures, four time zones, moments on and around
    the hour: the masked condition, the exact condition and open_state() agree on every center."""
    search_filters.TIMEZONES.forget()
    rng = random.Random(11)
    centers = []
    for n in range(36):
        hours = {}
        kind = n % 6
        for day in range(7):
            if kind == 0:
                continue  # no hours
            if kind == 1:
                hours[day] = [("00:00", "00:00")]
            elif kind == 2 and day != FRI:
                hours[day] = [(f"{rng.randint(15, 20)}:{rng.choice(('00', '30'))}", f"0{rng.randint(0, 3)}:00")]
            elif kind == 3:
                hours[day] = [("09:45", "13:00"), ("14:15", f"{rng.randint(18, 23)}:{rng.choice(('00', '10'))}")]
            elif kind in (4, 5) and rng.random() < 0.8:
                hours[day] = [(f"{rng.randint(8, 12):02d}:{rng.choice(('00', '20', '45'))}",
                               f"{rng.randint(17, 23)}:{rng.choice(('00', '05', '59'))}")]
        centers.append(factories.center(name=f"C{n}", hours=hours, timezone=ZONES[n % len(ZONES)]))
    closures = {}
    for center in centers[::5]:
        day = date(2026, 11, 16) + timedelta(days=rng.randint(0, 6))
        ends = day + timedelta(days=rng.randint(0, 1))
        db.session.add(SpecialClosure(center_id=center.id, starts_on=day, ends_on=ends))
    db.session.commit()
    for closure in db.session.scalars(select(SpecialClosure)):
        closures.setdefault(closure.center_id, []).append(closure)
    spans = {center.id: [Span(*span) for span in spans_of(center)] for center in centers}
    zones = {center.id: center.timezone for center in centers}
    assert {center.id: stored(center) for center in centers} == {
        center.id: hours_masks(spans_of(center), closures=center.id in closures) for center in centers}

    moments = [datetime(2026, 11, 16, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 8 * 1440)) for _ in range(30)]
    moments += [datetime(2026, 11, 16, tzinfo=UTC) + timedelta(seconds=rng.randint(0, 8 * 86400)) for _ in range(20)]
    moments += [datetime(2026, 11, 22, 18, 0, tzinfo=UTC), datetime(2026, 11, 22, 18, 59, 59, tzinfo=UTC),
                datetime(2026, 11, 22, 23, 59, tzinfo=UTC), datetime(2026, 11, 23, 0, 0, tzinfo=UTC)]
    for moment in moments:
        masked = set(db.session.scalars(select(Center.id).where(open_now_condition(db.session, moment))))
        exact = set(db.session.scalars(select(Center.id).where(open_now_exact(db.session, moment))))
        page = {center_id for center_id in spans
                if open_state(spans[center_id], local_now(zones[center_id], moment),
                              closures.get(center_id, ())).is_open}
        assert masked == exact == page, moment


def test_opening_times_are_whole_minutes(app):
    """open_now_condition() is built once a minute: that is exact because no span starts or ends inside one."""
    with pytest.raises(ValueError):
        OpeningHours(weekday=MON, opens_at=time(10, 0, 30), closes_at=t("12:00"))
    with pytest.raises(ValueError):
        OpeningHours(weekday=MON, opens_at=t("10:00"), closes_at=time(12, 0, 0, 5))


def test_every_second_of_a_minute_gets_the_answer_of_that_second(app, factories):
    search_filters.TIMEZONES.forget()
    factories.center(name="Opens", hours={WED: [("10:01", "12:00")]})
    factories.center(name="Closes", hours={WED: [("08:00", "10:01")]})

    def open_names(moment):
        return set(db.session.scalars(select(Center.name).where(open_now_condition(db.session, moment))))
    for second in (0, 1, 59):  # Wednesday 10:00:ss and 10:01:ss in Karachi
        assert open_names(datetime(2026, 11, 18, 5, 0, second, tzinfo=UTC)) == {"Closes"}
        assert open_names(datetime(2026, 11, 18, 5, 1, second, tzinfo=UTC)) == {"Opens"}
