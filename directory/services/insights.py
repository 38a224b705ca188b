"""Weekly insights: page views, search appearances and contact clicks, counted in memory and written in batches.

Counting must not slow pages down or fail them: each process adds to an in-memory buffer under a lock and writes
it in one transaction (an upsert) once the oldest count is INSIGHTS_FLUSH_SECONDS old (tests use 0), at process
exit, and on `flask insights-flush`. A write that fails (database locked or down) is logged and its counts are kept
for the next attempt. The buffer belongs to the app (`app.extensions["insights"]`), so two apps never mix counts.
"""
import atexit
import logging
import re
import threading
import time
import weakref
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from flask import Flask, current_app
from sqlalchemy import Connection, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import Center, CenterWeeklyStats
from .hours import local_now

log = logging.getLogger(__name__)

FIELDS = ("page_views", "search_appearances", "contact_clicks")
DEFAULT_FLUSH_SECONDS = 30
# Crawlers, link previews, uptime checks and scripts: not people looking at a listing.
BOT_AGENTS = re.compile(r"bot|crawl|spider|slurp|archiver|preview|facebookexternalhit|embedly|monitor|pingdom|"
                        r"lighthouse|headless|phantom|curl|wget|python-|httpx|aiohttp|go-http|java/|okhttp|scrapy|"
                        r"libwww|http-client|node-fetch", re.IGNORECASE)

CenterRef = int | str  # a center id, or a slug (the cached API page knows slugs only) resolved when written


def week_of(day: date) -> date:
    """The Monday starting the ISO week of `day`."""
    return day - timedelta(days=day.weekday())


def this_week() -> date:
    return week_of(local_now(current_app.config.get("DEFAULT_TIMEZONE", "Asia/Karachi")).date())


def is_bot(user_agent: str | None) -> bool:
    return not user_agent or bool(BOT_AGENTS.search(user_agent))


class Buffer:
    """Counts not yet written: (center, week, field) -> n, and how old the oldest one is."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.writing = threading.Lock()  # one writer at a time; others leave the counts for it
        self.counts: Counter = Counter()
        self.since: float | None = None

    def add(self, items: Iterable[tuple[CenterRef, date, str]]) -> None:
        with self.lock:
            for key in items:
                if self.since is None:
                    self.since = time.monotonic()
                self.counts[key] += 1

    def due(self, seconds: float) -> bool:
        with self.lock:
            return self.since is not None and time.monotonic() - self.since >= seconds

    def take(self) -> Counter:
        with self.lock:
            counts, self.counts, self.since = self.counts, Counter(), None
            return counts

    def put_back(self, counts: Counter) -> None:
        """Keep counts a failed write could not store; the next attempt waits another period."""
        with self.lock:
            self.counts.update(counts)
            self.since = time.monotonic()

    def pending(self) -> int:
        with self.lock:
            return sum(self.counts.values())


_create_lock = threading.Lock()


def buffer_for(app: Flask) -> Buffer:
    buffer = app.extensions.get("insights")
    if buffer is None:
        with _create_lock:
            buffer = app.extensions.get("insights")
            if buffer is None:
                buffer = app.extensions["insights"] = Buffer()
                if not app.testing:  # test apps come and go with their databases; their tests flush explicitly
                    atexit.register(_flush_at_exit, weakref.ref(app))
    return buffer


def _flush_at_exit(app_ref) -> None:
    app = app_ref()
    if app is not None and buffer_for(app).pending():
        with app.app_context():
            flush()


def count(refs: Iterable[CenterRef], field: str) -> None:
    """Add one to `field` this week for each center; write the buffer if it is due. Never raises."""
    if field not in FIELDS:
        raise ValueError(f"unknown insights field {field!r}")
    try:
        app = current_app._get_current_object()
        week = this_week()
        buffer = buffer_for(app)
        buffer.add((ref, week, field) for ref in refs)
        if buffer.due(float(app.config.get("INSIGHTS_FLUSH_SECONDS", DEFAULT_FLUSH_SECONDS))):
            flush()
    except Exception:  # counting is a side show: it must never break the page being counted
        log.exception("insights: counting failed")


def count_page_view(center_id: int, user_agent: str | None, *, method: str = "GET", insider: bool = False) -> None:
    """A person (not a bot, not the center's own managers or admins) opened a center's page."""
    if method == "GET" and not insider and not is_bot(user_agent):
        count([center_id], "page_views")


def count_search_appearances(refs: Iterable[CenterRef]) -> None:
    """Centers shown on one page of search results (HTML or API)."""
    refs = list(refs)
    if refs:
        count(refs, "search_appearances")


def count_contact_click(center_id: int, user_agent: str | None) -> None:
    if not is_bot(user_agent):
        count([center_id], "contact_clicks")


def flush(app: Flask | None = None) -> int:
    """Write buffered counts in one transaction; returns how many (center, week) rows it wrote (0 on failure)."""
    app = app or current_app._get_current_object()
    buffer = buffer_for(app)
    if not buffer.writing.acquire(blocking=False):
        return 0  # another thread is writing right now; these counts wait for the next flush
    try:
        counts = buffer.take()
        if not counts:
            return 0
        try:
            with db.engine.begin() as connection:
                return write_counts(connection, counts)
        except SQLAlchemyError as error:
            log.warning("insights: could not write %d counts, keeping them for the next flush (%s)",
                        sum(counts.values()), type(error).__name__)
            buffer.put_back(counts)
            return 0
    finally:
        buffer.writing.release()


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
