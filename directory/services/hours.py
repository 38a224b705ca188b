"""Opening hours: parsing spans and answering "open now / closes at / opens at" in a center's time zone.

Special closures (holidays, renovation) close whole dates: a span that starts on a closed date does not happen; the
late part of the evening before's span past midnight still does (it belongs to the evening before).
"""
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SPAN_PATTERN = re.compile(r"(?P<opens>\d{2}:\d{2})\s*[-–]\s*(?P<closes>\d{2}:\d{2})")
DAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@dataclass(frozen=True)
class Span:
    """One opening span starting on `weekday` (0 = Monday); ends the next day when close is not after open."""

    weekday: int
    opens: time
    closes: time

    @property
    def length(self) -> timedelta:
        start = datetime.combine(date.min, self.opens)
        end = datetime.combine(date.min, self.closes)
        if end <= start:
            end += timedelta(days=1)
        return end - start

    @property
    def label(self) -> str:
        if self.length == timedelta(days=1):
            return "Open 24 hours"
        close = self.closes.strftime("%H:%M")
        suffix = " (next day)" if self.closes <= self.opens and self.closes != time(0) else ""
        return f"{self.opens:%H:%M}–{'24:00' if self.closes == time(0) else close}{suffix}"


@dataclass(frozen=True)
class OpenState:
    """What the hours say at one moment."""

    is_open: bool
    always_open: bool = False
    changes_at: datetime | None = None  # when it closes (if open) or next opens (if closed); local time
    closed_for: str | None = None  # a special closure covers today: its reason ("" when none was given)

    def describe(self, now: datetime) -> str:
        if self.always_open:
            return "Open 24 hours"
        closed = "Closed"
        if self.closed_for is not None and not self.is_open:
            closed = f"Closed today ({self.closed_for})" if self.closed_for else "Closed today"
        if self.changes_at is None:
            return closed if not self.is_open else "Open now"
        when = _when(self.changes_at, now)
        return f"Open now · closes {when}" if self.is_open else f"{closed} · opens {when}"


class Closure(Protocol):
    """Anything with starts_on, ends_on (both included) and reason: SpecialClosure rows pass as they are."""

    starts_on: date
    ends_on: date
    reason: str


def parse_span(weekday: int, text: str) -> Span:
    """Parse "HH:MM-HH:MM" ("24:00" allowed as a close); raises ValueError on anything else."""
    match = SPAN_PATTERN.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a span like 10:00-22:00")
    try:
        opens = time.fromisoformat(match["opens"])
        closes = time(0) if match["closes"] == "24:00" else time.fromisoformat(match["closes"])
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a span like 10:00-22:00") from exc
    if not 0 <= weekday <= 6:
        raise ValueError("weekday must be 0 (Monday) to 6 (Sunday)")
    return Span(weekday, opens, closes)


def local_now(timezone: str, now: datetime | None = None) -> datetime:
    """The wall-clock time at a center, as a naive datetime."""
    moment = now if now is not None else datetime.now(ZoneInfo("UTC"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)


def open_state(spans: list[Span], local: datetime, closures: Iterable[Closure] = ()) -> OpenState:
    """Whether a center is open at local wall-clock time `local`, and when that changes; closed on closure dates."""
    today = local.date()
    closures = [closure for closure in closures if closure.ends_on >= today - timedelta(days=1)]
    closed_for = next((closure.reason or "" for closure in closures
                       if closure.starts_on <= today <= closure.ends_on), None)
    if not spans:
        return OpenState(is_open=False, closed_for=closed_for)
    intervals = [(start, end) for start, end in _intervals(spans, today)
                 if not any(closure.starts_on <= start.date() <= closure.ends_on for closure in closures)]
    blocks = _merge(intervals)
    if any(end - start >= timedelta(days=8) for start, end in blocks):
        return OpenState(is_open=True, always_open=True)
    for start, end in blocks:
        if start <= local < end:
            return OpenState(is_open=True, changes_at=end)
    upcoming = [start for start, _ in blocks if start > local]
    return OpenState(is_open=False, changes_at=min(upcoming) if upcoming else None, closed_for=closed_for)


def closure_label(closure: Closure, today: date | None = None) -> str:
    """"Closed 25–26 Dec: Christmas", "Closed 30 Dec – 2 Jan", with the year when it is not this year's."""
    starts, ends = closure.starts_on, closure.ends_on
    year = today.year if today else starts.year
    end_text = f"{ends.day} {ends:%b}" + (f" {ends.year}" if ends.year != year else "")
    if starts == ends:
        dates = end_text
    elif (starts.year, starts.month) == (ends.year, ends.month):
        dates = f"{starts.day}–{end_text}"
    else:
        dates = f"{starts.day} {starts:%b}" + (f" {starts.year}" if starts.year != year else "") + f" – {end_text}"
    return f"Closed {dates}" + (f": {closure.reason}" if closure.reason else "")


def upcoming_closures(closures: Iterable[Closure], today: date, limit: int = 5) -> list[Closure]:
    """Closures not over yet, soonest first."""
    return sorted((c for c in closures if c.ends_on >= today), key=lambda c: (c.starts_on, c.ends_on))[:limit]


def weekly_table(spans: list[Span]) -> list[tuple[str, list[str]]]:
    """Monday-to-Sunday rows of span labels; an empty list means closed."""
    return [(WEEKDAYS[day], [span.label for span in spans if span.weekday == day]) for day in range(7)]


def _intervals(spans: list[Span], today: date) -> list[tuple[datetime, datetime]]:
    """Concrete intervals from yesterday to a week ahead, so spans past midnight and next openings are seen."""
    result = []
    for offset in range(-1, 8):
        day = today + timedelta(days=offset)
        for span in spans:
            if span.weekday == day.weekday():
                start = datetime.combine(day, span.opens)
                result.append((start, start + span.length))
    return sorted(result)


def _merge(intervals: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _when(moment: datetime, now: datetime) -> str:
    days = (moment.date() - now.date()).days
    if moment.time() == time(0) and days >= 1:
        days, clock = days - 1, "at midnight"  # midnight ends the evening before
        moment -= timedelta(minutes=1)
    else:
        clock = f"at {moment:%H:%M}"
    if days == 0:
        return clock
    if days == 1:
        return f"tomorrow {clock}"
    return f"{WEEKDAYS[moment.weekday()]} {clock}"


def open_blocks(spans: list[Span], day: date, closures: Iterable[Closure] = ()) -> list[tuple[datetime, datetime]]:
    """The merged open intervals around `day` (local time), without spans starting on a closed date."""
    closures = list(closures)
    intervals = [(start, end) for start, end in _intervals(spans, day)
                 if not any(closure.starts_on <= start.date() <= closure.ends_on for closure in closures)]
    return _merge(intervals)
