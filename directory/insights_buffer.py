"""Counting insights without slowing pages: each process adds to an in-memory buffer and writes it in batches.

Each count goes into the app's buffer under a lock; the buffer is written in one transaction (services/insights.py
`write_counts`) once its oldest count is INSIGHTS_FLUSH_SECONDS old (tests use 0), at process exit, and on
`flask insights-flush`. A write that fails (database locked or down) is logged and its counts are kept for the next
attempt. The buffer belongs to the app (`app.extensions["insights"]`, made by `register`), so two apps never mix
counts.
"""
import atexit
import logging
import threading
import time
import weakref
from collections import Counter
from collections.abc import Iterable
from datetime import date

from flask import Flask, current_app
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .services import insights
from .services.hours import local_now

log = logging.getLogger(__name__)

DEFAULT_FLUSH_SECONDS = 30
CenterRef = int | str  # a center id, or a slug (the cached API page knows slugs only) resolved when written


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


def register(app: Flask) -> None:
    """Give the app its buffer, written at process exit (test apps come and go with their databases: not them)."""
    app.extensions["insights"] = Buffer()
    if not app.testing:
        atexit.register(_flush_at_exit, weakref.ref(app))


def buffer_for(app: Flask) -> Buffer:
    return app.extensions["insights"]


def _flush_at_exit(app_ref) -> None:
    app = app_ref()
    if app is not None and buffer_for(app).pending():
        with app.app_context():
            flush()


def this_week() -> date:
    """The Monday of this week in the site's time zone."""
    return insights.week_of(local_now(current_app.config["DEFAULT_TIMEZONE"]).date())


def count(refs: Iterable[CenterRef], field: str) -> None:
    """Add one to `field` this week for each center; write the buffer if it is due. Never raises."""
    if field not in insights.FIELDS:
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
    if method == "GET" and not insider and not insights.is_bot(user_agent):
        count([center_id], "page_views")


def count_search_appearances(refs: Iterable[CenterRef]) -> None:
    """Centers shown on one page of search results (HTML or API)."""
    refs = list(refs)
    if refs:
        count(refs, "search_appearances")


def count_contact_click(center_id: int, user_agent: str | None) -> None:
    if not insights.is_bot(user_agent):
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
                return insights.write_counts(connection, counts)
        except SQLAlchemyError as error:
            log.warning("insights: could not write %d counts, keeping them for the next flush (%s)",
                        sum(counts.values()), type(error).__name__)
            buffer.put_back(counts)
            return 0
    finally:
        buffer.writing.release()
