"""Open-now logic: midnight spans, closed days, 24-hour days and the center's time zone."""
from datetime import UTC, datetime

import pytest

from directory.services.hours import Span, local_now, open_state, parse_span, weekly_table

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
# 2026-11-16 is a Monday.


def at(day: int, clock: str) -> datetime:
    return datetime.fromisoformat(f"2026-11-{16 + day:02d}T{clock}")


def every_day(text: str) -> list[Span]:
    return [parse_span(day, text) for day in range(7)]


def test_open_inside_a_span_and_says_when_it_closes():
    state = open_state(every_day("11:00-23:00"), at(WED, "15:30"))
    assert state.is_open and state.describe(at(WED, "15:30")) == "Open now · closes at 23:00"


def test_closed_before_opening_says_when_it_opens():
    state = open_state(every_day("11:00-23:00"), at(WED, "09:00"))
    assert not state.is_open and state.describe(at(WED, "09:00")) == "Closed · opens at 11:00"


def test_after_closing_opens_tomorrow():
    assert open_state(every_day("11:00-23:00"), at(WED, "23:00")).describe(at(WED, "23:00")) == \
        "Closed · opens tomorrow at 11:00"


def test_friday_span_past_midnight_is_open_early_saturday():
    spans = [parse_span(FRI, "15:00-01:00"), parse_span(SAT, "15:00-23:00")]
    state = open_state(spans, at(SAT, "00:30"))
    assert state.is_open
    assert state.describe(at(SAT, "00:30")) == "Open now · closes at 01:00"
    assert not open_state(spans, at(SAT, "01:00")).is_open


def test_span_past_midnight_on_sunday_wraps_to_monday():
    spans = [parse_span(SUN, "20:00-02:00")]
    assert open_state(spans, at(MON, "01:59")).is_open
    assert not open_state(spans, at(MON, "02:00")).is_open


def test_closing_at_midnight_reads_as_midnight():
    state = open_state(every_day("10:00-24:00"), at(TUE, "22:00"))
    assert state.describe(at(TUE, "22:00")) == "Open now · closes at midnight"


def test_closed_day_skips_to_the_next_open_day():
    spans = [parse_span(day, "10:00-20:00") for day in (MON, TUE, WED, THU, SAT)]
    state = open_state(spans, at(THU, "21:00"))
    assert not state.is_open
    assert state.describe(at(THU, "21:00")) == "Closed · opens Saturday at 10:00"


def test_open_24_hours_every_day():
    state = open_state(every_day("00:00-24:00"), at(WED, "03:00"))
    assert state.is_open and state.always_open and state.describe(at(WED, "03:00")) == "Open 24 hours"


def test_24_hour_day_followed_by_normal_day_closes_at_its_end():
    spans = [parse_span(SAT, "00:00-24:00"), parse_span(SUN, "00:00-22:00")]
    state = open_state(spans, at(SAT, "12:00"))
    assert state.is_open and state.describe(at(SAT, "12:00")) == "Open now · closes tomorrow at 22:00"


def test_split_shift_is_closed_between_spans():
    spans = [parse_span(day, text) for day in range(7) for text in ("09:00-13:00", "17:00-21:00")]
    assert not open_state(spans, at(MON, "15:00")).is_open
    assert open_state(spans, at(MON, "15:00")).describe(at(MON, "15:00")) == "Closed · opens at 17:00"


def test_no_hours_means_closed_without_a_time():
    state = open_state([], at(MON, "12:00"))
    assert not state.is_open and state.describe(at(MON, "12:00")) == "Closed"


def test_time_zone_decides_which_day_it_is():
    """20:30 UTC on a Thursday is 01:30 Friday in Karachi (UTC+5)."""
    utc = datetime(2026, 11, 19, 20, 30, tzinfo=UTC)
    local = local_now("Asia/Karachi", utc)
    assert (local.weekday(), local.hour, local.minute) == (FRI, 1, 30)
    spans = [parse_span(THU, "18:00-02:00")]
    assert open_state(spans, local).is_open


@pytest.mark.parametrize("text", ["10-22", "25:00-23:00", "10:00", "ten to six", "10:00-22:61"])
def test_bad_spans_are_refused(text):
    with pytest.raises(ValueError):
        parse_span(MON, text)


def test_weekly_table_lists_closed_days_and_labels_midnight():
    spans = [parse_span(MON, "10:00-22:00"), parse_span(FRI, "15:00-01:00"), parse_span(SAT, "00:00-24:00")]
    table = dict(weekly_table(spans))
    assert table["Monday"] == ["10:00–22:00"]
    assert table["Friday"] == ["15:00–01:00 (next day)"]
    assert table["Saturday"] == ["Open 24 hours"]
    assert table["Sunday"] == []
