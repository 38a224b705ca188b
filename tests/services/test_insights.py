"""Insights counters: buffered in memory, written by ISO week with an upsert, kept when the database refuses them."""
import logging
import sqlite3
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from directory import insights_buffer
from directory.extensions import db
from directory.models import CenterWeeklyStats
from directory.services import insights

from ..conftest import make_app
from ..factories import Factories

MONDAY = date(2024, 3, 4)
NEXT_MONDAY = date(2024, 3, 11)


def stats(center_id: int) -> dict[date, tuple[int, int, int]]:
    db.session.rollback()  # a fresh read: the counts are written on another connection
    rows = db.session.scalars(select(CenterWeeklyStats).where(CenterWeeklyStats.center_id == center_id))
    return {row.week_start: (row.page_views, row.search_appearances, row.contact_clicks) for row in rows}


def test_a_week_starts_on_its_iso_monday():
    assert insights.week_of(date(2024, 3, 10)) == MONDAY  # a Sunday belongs to the week before
    assert insights.week_of(MONDAY) == MONDAY
    assert insights.week_of(date(2024, 1, 1)) == date(2024, 1, 1)
    assert insights.week_of(date(2023, 1, 1)) == date(2022, 12, 26)  # across a year boundary


def test_counts_are_added_up_per_center_and_week(app, factories):
    first, second = factories.center(), factories.center()
    buffer = insights_buffer.buffer_for(app)
    buffer.add([(first.id, MONDAY, "page_views")] * 3 + [(first.id, MONDAY, "contact_clicks")])
    buffer.add([(first.id, NEXT_MONDAY, "page_views"), (second.id, MONDAY, "search_appearances")])
    assert insights_buffer.flush() == 3
    assert stats(first.id) == {MONDAY: (3, 0, 1), NEXT_MONDAY: (1, 0, 0)}
    assert stats(second.id) == {MONDAY: (0, 1, 0)}
    buffer.add([(first.id, MONDAY, "page_views")] * 2)  # the upsert adds to the row already there
    insights_buffer.flush()
    assert stats(first.id)[MONDAY] == (5, 0, 1)
    assert buffer.pending() == 0


def test_slugs_from_the_api_are_resolved_and_unknown_centers_dropped(app, factories):
    center = factories.center()
    insights_buffer.buffer_for(app).add([(center.slug, MONDAY, "search_appearances"), ("no-such-center", MONDAY,
                                  "search_appearances"), (999_999, MONDAY, "page_views")])
    assert insights_buffer.flush() == 1
    assert stats(center.id) == {MONDAY: (0, 1, 0)}


def test_with_a_zero_interval_every_count_is_written_at_once(app, factories):
    app.config["INSIGHTS_FLUSH_SECONDS"] = 0
    center = factories.center()
    insights_buffer.count_page_view(center.id, "Mozilla/5.0 (Android 14) Chrome/125")
    week = insights_buffer.this_week()
    assert stats(center.id) == {week: (1, 0, 0)}
    insights_buffer.count_contact_click(center.id, "Mozilla/5.0")
    insights_buffer.count_search_appearances([center.id])
    assert stats(center.id) == {week: (1, 1, 1)}


def test_counts_wait_in_memory_until_the_interval_has_passed(app, factories):
    app.config["INSIGHTS_FLUSH_SECONDS"] = 30
    center = factories.center()
    for _ in range(4):
        insights_buffer.count_page_view(center.id, "Mozilla/5.0")
    assert stats(center.id) == {} and insights_buffer.buffer_for(app).pending() == 4
    insights_buffer.flush()
    assert stats(center.id) == {insights_buffer.this_week(): (4, 0, 0)}


def test_bots_insiders_and_head_requests_are_not_counted(app, factories):
    app.config["INSIGHTS_FLUSH_SECONDS"] = 0
    center = factories.center()
    for agent in ("Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5", "", None,
                  "facebookexternalhit/1.1", "Mozilla/5.0 HeadlessChrome/125"):
        insights_buffer.count_page_view(center.id, agent)
        insights_buffer.count_contact_click(center.id, agent)
    insights_buffer.count_page_view(center.id, "Mozilla/5.0", insider=True)
    insights_buffer.count_page_view(center.id, "Mozilla/5.0", method="HEAD")
    assert stats(center.id) == {} and insights_buffer.buffer_for(app).pending() == 0


def test_a_failing_write_keeps_the_counts_for_next_time(app, factories, monkeypatch, caplog):
    app.config["INSIGHTS_FLUSH_SECONDS"] = 0
    center = factories.center()

    def locked(connection, counts):
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(insights, "write_counts", locked)
    with caplog.at_level(logging.WARNING, logger="directory.insights_buffer"):
        insights_buffer.count_page_view(center.id, "Mozilla/5.0")  # the page still renders: counting never raises
        insights_buffer.count_page_view(center.id, "Mozilla/5.0")
    assert "keeping them for the next flush" in caplog.text
    assert insights_buffer.buffer_for(app).pending() == 2 and stats(center.id) == {}
    monkeypatch.undo()
    insights_buffer.count_contact_click(center.id, "Mozilla/5.0")
    assert stats(center.id) == {insights_buffer.this_week(): (2, 0, 1)}
    assert insights_buffer.buffer_for(app).pending() == 0


def test_a_really_locked_sqlite_database_keeps_the_counts(tmp_path):
    """The same with a real lock held by another connection (its own SQLite file, whatever the test backend)."""
    path = tmp_path / "locked.db"
    app = make_app(f"sqlite:///{path}", SQLITE_BUSY_TIMEOUT_MS=100, INSIGHTS_FLUSH_SECONDS=0)
    with app.app_context():
        db.create_all()
        center = Factories(db.session).center()
        locker = sqlite3.connect(path, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")
        try:
            insights_buffer.count_page_view(center.id, "Mozilla/5.0")
            assert insights_buffer.buffer_for(app).pending() == 1
        finally:
            locker.execute("COMMIT")
            locker.close()
        insights_buffer.count_page_view(center.id, "Mozilla/5.0")
        assert stats(center.id) == {insights_buffer.this_week(): (2, 0, 0)}
        db.session.remove()
        db.engine.dispose()


def test_each_app_has_its_own_buffer(app, empty_database_url):
    other = make_app(empty_database_url)
    assert insights_buffer.buffer_for(app) is insights_buffer.buffer_for(app)
    assert insights_buffer.buffer_for(app) is not insights_buffer.buffer_for(other)


def test_the_weekly_table_fills_gaps_and_compares_with_the_week_before(app, factories):
    center = factories.center()
    db.session.add_all([
        CenterWeeklyStats(center_id=center.id, week_start=date(2024, 2, 26), page_views=4, search_appearances=10,
                          contact_clicks=1),
        CenterWeeklyStats(center_id=center.id, week_start=MONDAY, page_views=7, search_appearances=10,
                          contact_clicks=0),
        CenterWeeklyStats(center_id=center.id, week_start=date(2023, 12, 4), page_views=99, search_appearances=0,
                          contact_clicks=0),  # too old to show
    ])
    db.session.commit()
    weeks, totals = insights.weekly(db.session, center.id, date(2024, 3, 13))
    assert [week.start for week in weeks][:3] == [NEXT_MONDAY, MONDAY, date(2024, 2, 26)]
    assert len(weeks) == 8 and weeks[-1].start == date(2024, 1, 22)
    assert (weeks[0].page_views, weeks[0].change("page_views")) == (0, -7)
    assert (weeks[1].page_views, weeks[1].change("page_views"), weeks[1].change("search_appearances")) == (7, 3, 0)
    assert weeks[2].change("page_views") == 4
    assert totals == {"page_views": 11, "search_appearances": 20, "contact_clicks": 1}


def test_the_flush_command_writes_what_is_buffered(app, factories, runner):
    center = factories.center()
    insights_buffer.buffer_for(app).add([(center.id, MONDAY, "contact_clicks")] * 2)
    result = runner.invoke(args=["insights-flush"])
    assert result.exit_code == 0 and "Wrote insights for 1 center-week." in result.output
    assert stats(center.id) == {MONDAY: (0, 0, 2)}


def weeks_with(counts: list[int]) -> list[insights.Week]:
    """Rows as weekly() gives them (newest first, each linked to the week before) with these page views."""
    rows = [insights.Week(MONDAY, page_views=n) for n in counts]
    for row, older in zip(rows, rows[1:], strict=False):
        row.previous = older
    return rows


def test_trends_compare_the_last_four_complete_weeks_with_the_four_before():
    # newest first: the running week (99: not counted in either period), then 8 complete weeks, then one more
    rows = weeks_with([99, 10, 10, 10, 10, 5, 5, 5, 5, 1000])
    shown = rows[:8]  # weekly() shows 8 rows; the oldest complete week is the last row's `previous`
    views = insights.trends(shown)[0]
    assert views.field == "page_views" and (views.current, views.previous) == (40, 15 + 5)
    assert views.percent == 100
    assert [week.page_views for week in views.weeks] == [5, 5, 5, 10, 10, 10, 10, 99]  # oldest first


def test_a_trend_without_an_earlier_period_has_no_percent():
    assert insights.trends(weeks_with([3, 2, 0, 0, 0, 0, 0, 0, 0]))[0].percent is None
    down = insights.trends(weeks_with([0, 1, 1, 1, 0, 2, 2, 1, 1, 0]))[0]
    assert (down.current, down.previous, down.percent) == (3, 6, -50)
