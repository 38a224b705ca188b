"""Weekly insights: page views, search appearances and contact clicks by ISO week, and who is not counted (bots).

The counts are buffered per process by directory/insights_buffer.py and written here in one upsert.
"""
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..models import Center, CenterWeeklyStats

FIELDS = ("page_views", "search_appearances", "contact_clicks")
# Crawlers, link previews, uptime checks and scripts: not people looking at a listing.
BOT_AGENTS = re.compile(r"bot|crawl|spider|slurp|archiver|preview|facebookexternalhit|embedly|monitor|pingdom|"
                        r"lighthouse|headless|phantom|curl|wget|python-|httpx|aiohttp|go-http|java/|okhttp|scrapy|"
                        r"libwww|http-client|node-fetch", re.IGNORECASE)


def week_of(day: date) -> date:
    """The Monday starting the ISO week of `day`."""
    return day - timedelta(days=day.weekday())


def is_bot(user_agent: str | None) -> bool:
    return not user_agent or bool(BOT_AGENTS.search(user_agent))


def write_counts(connection: Connection, counts: Counter) -> int:
    """Add the counts to center_weekly_stats: one upsert per (center, week); unknown centers are dropped."""
    slugs = {ref for ref, _, _ in counts if isinstance(ref, str)}
    ids = {ref for ref, _, _ in counts if isinstance(ref, int)}
    by_slug = {slug: center_id for slug, center_id in connection.execute(
        select(Center.slug, Center.id).where(Center.slug.in_(slugs)))} if slugs else {}
    known = set(connection.scalars(select(Center.id).where(Center.id.in_(ids)))) if ids else set()
    known |= set(by_slug.values())
    rows: dict[tuple[int, date], dict[str, int]] = {}
    for (ref, week, field), n in counts.items():
        center_id = by_slug.get(ref) if isinstance(ref, str) else ref
        if center_id in known:
            row = rows.setdefault((center_id, week), {name: 0 for name in FIELDS})
            row[field] += n
    if not rows:
        return 0
    values = [{"center_id": center_id, "week_start": week, **fields} for (center_id, week), fields in rows.items()]
    table = CenterWeeklyStats.__table__
    dialect = connection.dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
        stmt = insert(table)
        stmt = stmt.on_conflict_do_update(index_elements=[table.c.center_id, table.c.week_start],
                                          set_={name: table.c[name] + stmt.excluded[name] for name in FIELDS})
        connection.execute(stmt, values)
    else:  # any other database: update, and insert the rows that were not there yet
        for row in values:
            changed = connection.execute(
                update(table).where(table.c.center_id == row["center_id"], table.c.week_start == row["week_start"])
                .values({name: table.c[name] + row[name] for name in FIELDS}))
            if changed.rowcount == 0:
                connection.execute(table.insert().values(row))
    return len(values)


@dataclass
class Week:
    start: date
    page_views: int = 0
    search_appearances: int = 0
    contact_clicks: int = 0
    previous: "Week | None" = None

    def change(self, field: str) -> int | None:
        """Difference with the week before (None for the first week shown)."""
        return None if self.previous is None else getattr(self, field) - getattr(self.previous, field)


def weekly(session: Session, center_id: int, today: date, weeks: int = 8) -> tuple[list[Week], dict[str, int]]:
    """The last `weeks` ISO weeks, newest first, zeros where nothing was counted, and their totals."""
    newest = week_of(today)
    starts = [newest - timedelta(weeks=n) for n in range(weeks + 1)]  # one more: the oldest row's "previous"
    found = {row.week_start: row for row in session.scalars(
        select(CenterWeeklyStats).where(CenterWeeklyStats.center_id == center_id,
                                        CenterWeeklyStats.week_start >= starts[-1]))}
    rows = [Week(start, *(getattr(found[start], name) for name in FIELDS)) if start in found else Week(start)
            for start in starts]
    for row, older in zip(rows, rows[1:], strict=False):
        row.previous = older
    shown = rows[:weeks]
    return shown, {name: sum(getattr(row, name) for row in shown) for name in FIELDS}


PERIOD_WEEKS = 4  # charts compare the last four complete weeks with the four before them


@dataclass
class Trend:
    """One count over the weeks shown (oldest first, the running week last) and its change between two periods."""

    field: str
    weeks: list[Week]
    current: int  # the last PERIOD_WEEKS complete weeks
    previous: int  # the PERIOD_WEEKS weeks before those
    period: int = PERIOD_WEEKS

    @property
    def percent(self) -> int | None:
        """The change in whole percent; None when there is nothing to compare with."""
        if self.previous == 0:
            return None
        return round((self.current - self.previous) * 100 / self.previous)


def trends(weeks: list[Week]) -> list[Trend]:
    """One Trend per count from `weekly()`'s rows (newest first: the running week, then complete weeks)."""
    complete = [*weeks[1:], *([weeks[-1].previous] if weeks and weeks[-1].previous else [])]
    current, previous = complete[:PERIOD_WEEKS], complete[PERIOD_WEEKS:2 * PERIOD_WEEKS]
    return [Trend(name, list(reversed(weeks)), sum(getattr(week, name) for week in current),
                  sum(getattr(week, name) for week in previous)) for name in FIELDS]
