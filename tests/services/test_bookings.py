"""The booking state machine and request rules, in the center's time zone."""
from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import AuditEntry, BookingSettings, SpecialClosure
from directory.services.bookings.machine import TRANSITIONS, Actor, BookingError, NotAllowed, StaleBooking, transition
from directory.services.bookings.phones import to_e164
from directory.services.bookings.requests import RequestData, create_request, request_text, whatsapp_link

ALL_DAY = {day: [("00:00", "00:00")] for day in range(7)}  # a close not after the open runs to the next day
NOW = datetime(2026, 12, 7, 5, 0)  # 10:00 in Karachi, a Monday
LOCAL = datetime(2026, 12, 7, 10, 0)


@pytest.fixture
def center(factories):
    return factories.center(menu=[(factories.service(), 60, 4500)], hours=ALL_DAY)


def data(center, day=date(2026, 12, 9), starts=(time(15, 0),), mobile="0300-1234567", **kw) -> RequestData:
    return RequestData(center.menu[0].id, day, list(starts), kw.pop("pref", "any"), "Ayesha", mobile, **kw)


def make(center, **kw):
    booking = create_request(db.session, center, None, data(center, **kw), now=NOW)
    db.session.commit()
    return booking


@pytest.mark.parametrize("typed", ["03001234567", "0300-1234567", "+92 300 1234567", "923001234567",
                                   "0092 300 1234567", "(0300) 123 4567"])
def test_pakistani_mobile_spellings_are_stored_as_e164(typed):
    assert to_e164(typed) == "+923001234567"


@pytest.mark.parametrize("typed", ["021-35830000", "0300-12345", "+44 7700 900123", "hello"])
def test_numbers_that_are_not_pakistani_mobiles_are_refused(typed):
    with pytest.raises(BookingError, match="Pakistani mobile"):
        to_e164(typed)


def test_a_request_gets_a_reference_a_long_token_and_an_audit_entry(center):
    booking = make(center, starts=(time(15, 0), time(11, 30)))
    assert booking.reference.startswith("SK-") and len(booking.reference) == 7
    assert len(booking.token) >= 40 and booking.status == "new"
    assert booking.windows == ["11:30-12:30", "15:00-16:00"] and booking.mobile == "+923001234567"
    action = db.session.scalar(select(AuditEntry.action).where(AuditEntry.subject_id == booking.id))
    assert action == "booking.requested"


@pytest.mark.parametrize("kw, message", [
    ({"day": date(2026, 12, 7), "starts": (time(9, 0),)}, "already passed"),
    ({"day": date(2026, 12, 7), "starts": (time(11, 0),)}, "2 hours' notice"),
    ({"day": date(2027, 2, 1)}, "30 days ahead"),
    ({"starts": ()}, "one to 3"),
    ({"starts": (time(8,), time(9,), time(10,), time(11,))}, "one to 3"),
])
def test_times_the_center_cannot_take_are_refused(center, kw, message):
    with pytest.raises(BookingError, match=message):
        make(center, **kw)


def test_closed_days_late_sessions_and_special_closures_are_refused(factories):
    center = factories.center(menu=[(factories.service(), 90, 4500)], hours={2: [("10:00", "22:00")]})
    with pytest.raises(BookingError, match="not open"):
        make(center, day=date(2026, 12, 8))  # a Tuesday: closed
    with pytest.raises(BookingError, match="not open"):
        make(center, starts=(time(21, 0),))  # 90 minutes from 21:00 runs past closing
    assert make(center, starts=(time(20, 30),)).windows == ["20:30-22:00"]
    db.session.add(SpecialClosure(center_id=center.id, starts_on=date(2026, 12, 9), ends_on=date(2026, 12, 9)))
    db.session.commit()
    with pytest.raises(BookingError, match="not open"):
        make(center)


def test_a_center_that_turned_requests_off_takes_none(center):
    db.session.add(BookingSettings(center_id=center.id, takes_requests=False, min_notice_hours=2, days_ahead=30))
    db.session.commit()
    with pytest.raises(BookingError, match="not taking"):
        make(center)


def test_only_therapist_genders_the_center_offers_are_accepted(center, factories):
    with pytest.raises(BookingError, match="preference"):
        make(center, pref="male")
    factories.therapist(center, gender="male")
    db.session.refresh(center)
    assert make(center, pref="male").therapist_preference == "male"


def test_the_whatsapp_link_carries_the_service_and_reference_encoded(center):
    booking = make(center, note="کمر میں درد")
    link = whatsapp_link(center.whatsapp, request_text(booking))
    assert link.startswith("https://wa.me/923001234567?text=")
    assert booking.reference in link and "%0A" in link and " " not in link
    assert "%DA%A9" in link  # the Urdu note, UTF-8 percent-encoded


def _run(booking, actor, action, **details):
    return transition(db.session, actor, booking, action, booking.version, local_now=datetime(2026, 12, 10, 9),
                      **details)


DETAILS = {"confirm": {"window": "15:00-16:00"}, "decline": {"reason": "Fully booked"},
           "propose": {"proposed_at": datetime(2026, 12, 9, 18, 0)}}


@pytest.mark.parametrize("source, action", list(TRANSITIONS))
def test_every_transition_in_the_table_moves_and_is_audited(center, factories, source, action):
    manager = factories.manager(center)
    booking = make(center)
    booking.status = source
    booking.proposed_at = datetime(2026, 12, 9, 18, 0)
    booking.chosen_window = "15:00-16:00"
    db.session.commit()
    target, side = TRANSITIONS[(source, action)]
    actor = Actor(manager) if side == "center" else Actor(None, holds_link=True)
    _run(booking, actor, action, **DETAILS.get(action, {}))
    db.session.commit()
    assert booking.status == target
    assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == f"booking.{action}")) is not None


@pytest.mark.parametrize("source", ["declined", "cancelled", "completed", "no_show"])
def test_finished_requests_refuse_every_action(center, factories, source):
    booking = make(center)
    booking.status = source
    db.session.commit()
    for action in ("confirm", "cancel", "complete"):
        with pytest.raises(BookingError):
            _run(booking, Actor(factories.user(role="admin"), holds_link=True), action, **DETAILS.get(action, {}))


def test_the_wrong_side_cannot_act(center, factories):
    booking = make(center)
    with pytest.raises(NotAllowed):
        _run(booking, Actor(None, holds_link=True), "confirm", **DETAILS["confirm"])  # the customer
    with pytest.raises(NotAllowed):
        _run(booking, Actor(factories.manager(factories.center())), "confirm", **DETAILS["confirm"])
    with pytest.raises(NotAllowed):
        _run(booking, Actor(factories.manager(center)), "cancel")  # no link: not the customer


def test_a_second_confirm_from_a_stale_page_is_refused(center, factories):
    booking = make(center)
    seen = booking.version
    transition(db.session, Actor(factories.manager(center)), booking, "confirm", seen, window="15:00-16:00")
    db.session.commit()
    with pytest.raises(StaleBooking):
        transition(db.session, Actor(factories.manager(center)), booking, "decline", seen, reason="Busy")


def test_confirm_needs_a_requested_window_and_decline_a_reason(center, factories):
    booking, manager = make(center), factories.manager(center)
    with pytest.raises(BookingError, match="times the customer asked"):
        _run(booking, Actor(manager), "confirm", window="09:00-10:00")
    with pytest.raises(BookingError, match="why"):
        _run(booking, Actor(manager), "decline", reason=" ")


def test_completed_or_no_show_only_after_the_time(center, factories):
    booking, manager = make(center), factories.manager(center)
    _run(booking, Actor(manager), "confirm", window="15:00-16:00")
    with pytest.raises(BookingError, match="after its time"):
        transition(db.session, Actor(manager), booking, "complete", booking.version,
                   local_now=datetime(2026, 12, 9, 14, 0))
    _run(booking, Actor(manager), "complete")
    assert len(booking.review_code) == 9 and booking.status == "completed"
