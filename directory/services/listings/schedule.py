"""The rules for a manager editing a listing's schedule: its weekly opening hours and special closures.

Like every listing edit, each change takes the version the editor's form was drawn from (a stale one is refused)
and is audited in the caller's transaction; invalid input raises EditError (its field: the weekday at fault).
"""
from datetime import date, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import Center, OpeningHours, SpecialClosure
from ...text import clean_text
from ..audit import record
from ..hours import WEEKDAYS
from .edits import EditError
from .versions import expect_version, touch

SPANS_PER_DAY = 2
CLOSURE_MAX_DAYS = 366
CLOSURE_AHEAD = timedelta(days=2 * 365)
WEEK_MINUTES = 7 * 1440
# Day names for messages, in the reader's language (WEEKDAYS stays English: the audit log and schema.org use it)
DAY_NAMES = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"), _l("Saturday"),
             _l("Sunday"))


Week = dict[int, list[tuple[time, time]]]


def check_week(week: Week) -> None:
    """At most two spans a day, no span of zero length, no two spans (past midnight included) overlapping."""
    blocks = []
    for day, spans in week.items():
        if len(spans) > SPANS_PER_DAY:
            raise EditError(_l("%(day)s: at most %(spans_per_day)s opening spans a day.",
                               day=DAY_NAMES[day], spans_per_day=SPANS_PER_DAY), day)
        for opens, closes in spans:
            if opens == closes and opens != time(0):
                raise EditError(_l("%(day)s: opening and closing at %(opens)s is no span; for 24 hours use "
                                   "00:00 to 00:00.", day=DAY_NAMES[day], opens=f"{opens:%H:%M}"), day)
            start = day * 1440 + opens.hour * 60 + opens.minute
            length = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
            blocks.append((start, start + (length if length > 0 else length + 1440), day, opens, closes))
    blocks.sort()
    # Sorted by start, a span overlapping any later one overlaps the next; Sunday night runs into next Monday
    ring = blocks + [(start + WEEK_MINUTES, end + WEEK_MINUTES, *rest) for start, end, *rest in blocks]
    for (_, end, day, opens, closes), following in zip(blocks, ring[1:], strict=False):
        if following[0] < end:
            later_day, later_opens, later_closes = following[2:]
            raise EditError(_l("%(day)s %(opens)s–%(closes)s overlaps %(later_day)s "
                               "%(later_opens)s–%(later_closes)s: join them into one span or change one.",
                               day=DAY_NAMES[day], opens=f"{opens:%H:%M}", closes=f"{closes:%H:%M}",
                               later_day=DAY_NAMES[later_day], later_opens=f"{later_opens:%H:%M}",
                               later_closes=f"{later_closes:%H:%M}"), day)


def replace_week(session: Session, actor, center: Center, week: Week, *, version: object) -> None:
    """Replace the listing's weekly hours with `week` (weekday -> spans; a day with no spans is closed)."""
    expect_version(center, version)
    check_week(week)
    touch(center)
    center.hours.clear()
    session.flush()  # the old rows go first: the new ones may reuse their (weekday, opens_at)
    for day in sorted(week):
        for opens, closes in sorted(week[day]):
            center.hours.append(OpeningHours(weekday=day, opens_at=opens, closes_at=closes))
    summary = "; ".join(f"{WEEKDAYS[day][:3]} " + (", ".join(f"{o:%H:%M}-{c:%H:%M}" for o, c in sorted(week[day]))
                                                   or "closed") for day in sorted(week))
    record(session, actor, "center.edit_hours", "center", center.id, summary)


def get_closure(session: Session, center: Center, closure_id: int) -> SpecialClosure | None:
    return session.scalar(select(SpecialClosure).where(SpecialClosure.id == closure_id,
                                                       SpecialClosure.center_id == center.id))


def add_closure(session: Session, actor, center: Center, starts_on: date | None, ends_on: date | None, reason: str,
                today: date, *, version: object) -> SpecialClosure:
    """Close the listing on these dates (both included); `today` is the date in the center's time zone."""
    expect_version(center, version)
    if starts_on is None:
        raise EditError(_l("Enter the first closed day."), "starts_on")
    ends_on = ends_on or starts_on
    if ends_on < starts_on:
        raise EditError(_l("The last closed day cannot be before the first."), "ends_on")
    if ends_on < today:
        raise EditError(_l("These dates are already past: add closures for today or later."), "starts_on")
    if starts_on > today + CLOSURE_AHEAD:
        raise EditError(_l("Add closures up to two years ahead."), "starts_on")
    if (ends_on - starts_on).days >= CLOSURE_MAX_DAYS:
        raise EditError(_l("A closure can last up to a year; for longer, ask us to suspend the listing."), "ends_on")
    clash = session.scalar(select(SpecialClosure).where(SpecialClosure.center_id == center.id,
                                                        SpecialClosure.starts_on <= ends_on,
                                                        SpecialClosure.ends_on >= starts_on))
    if clash is not None:
        raise EditError(_l("This overlaps a closure already listed (%(starts_on)s to %(ends_on)s); remove that "
                           "one first or pick other dates.",
                           starts_on=f"{clash.starts_on:%d %b}", ends_on=f"{clash.ends_on:%d %b}"), "starts_on")
    closure = SpecialClosure(center_id=center.id, starts_on=starts_on, ends_on=ends_on, reason=clean_text(reason, 120))
    session.add(closure)
    touch(center)
    session.flush()
    record(session, actor, "center.closure_add", "center", center.id, f"{starts_on} to {ends_on} {closure.reason}")
    return closure


def delete_closure(session: Session, actor, center: Center, closure: SpecialClosure, *, version: object) -> None:
    expect_version(center, version)
    session.delete(closure)
    touch(center)
    record(session, actor, "center.closure_delete", "center", center.id,
           f"{closure.starts_on} to {closure.ends_on} {closure.reason}")
