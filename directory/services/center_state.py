"""A center's public state right now: its badges, whether it is open, its therapists' credential badges.

The one place the center page, the search results and the API get these from, so they never disagree.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ..models import Center, OpeningHours, SpecialClosure, Therapist
from .credentials import Badge, center_badges, credential_badge, is_owner_managed, listing_is_stale
from .hours import Span, closure_label, local_now, open_state, upcoming_closures, weekly_table
from .search_cards import Hit

HOURS = select(OpeningHours.center_id, OpeningHours.weekday, OpeningHours.opens_at, OpeningHours.closes_at).where(
    OpeningHours.center_id.in_(bindparam("ids", expanding=True)))
CLOSURES = select(SpecialClosure.center_id, SpecialClosure.starts_on, SpecialClosure.ends_on,
                  SpecialClosure.reason).where(SpecialClosure.center_id.in_(bindparam("ids", expanding=True)),
                                               SpecialClosure.ends_on >= bindparam("since"))


@dataclass(frozen=True)
class CenterState:
    """What a center's page (and the API's detail) says about it, at the center's own wall-clock time."""

    now: datetime
    spans: list[Span]
    open_line: str  # "Open now · closes 23:00"
    week: list[tuple[str, list[str]]]  # (weekday, ["10:00–22:00"]) Monday first
    closures: list[str]  # "Closed 25–26 Dec: Christmas", upcoming only
    badges: list[Badge]
    stale: bool  # not confirmed for 180 days
    credential_badges: dict[int, Badge] = field(default_factory=dict)  # credential id -> its public badge

    def therapist_badges(self, therapist: Therapist) -> list[Badge]:
        return [self.credential_badges[c.id] for c in therapist.credentials if c.id in self.credential_badges]


def center_state(session: Session, center: Center, now_utc: datetime | None = None) -> CenterState:
    """The state of one center with its hours, closures, therapists and their credentials loaded."""
    now = local_now(center.timezone, now_utc)
    today = now.date()
    spans = [Span(row.weekday, row.opens_at, row.closes_at) for row in center.hours]
    credential_badges = {credential.id: badge for therapist in center.therapists
                         for credential in therapist.credentials
                         if (badge := credential_badge(credential, today)) is not None}
    verified = any(badge.tone == "verified" for badge in credential_badges.values())
    closures = [closure_label(closure, today) for closure in upcoming_closures(center.closures, today)]
    return CenterState(now=now, spans=spans, open_line=open_state(spans, now, center.closures).describe(now),
                       week=weekly_table(spans), closures=closures,
                       badges=center_badges(center, today, verified, is_owner_managed(session, center.id)),
                       stale=listing_is_stale(center, today), credential_badges=credential_badges)


def card_badges(hit: Hit, today: date) -> list[Badge]:
    """A search hit's badges, from what the search already found (no query)."""
    return center_badges(hit.center, today, hit.verified, hit.managed)


def card_open_lines(session: Session, hits: list[Hit], now_utc: datetime | None = None) -> dict[int, str]:
    """"Open now · closes 23:00" for each center on a page of hits: one query for all hours, one for closures."""
    if not hits:
        return {}
    ids = [hit.center.id for hit in hits]
    spans: dict[int, list[Span]] = {center_id: [] for center_id in ids}
    for center_id, weekday, opens, closes in session.execute(HOURS, {"ids": ids}):
        spans[center_id].append(Span(weekday, opens, closes))
    earliest = min(local_now(hit.center.timezone, now_utc).date() for hit in hits)
    closures: dict[int, list] = {center_id: [] for center_id in ids}  # rows with starts_on, ends_on, reason
    for closure in session.execute(CLOSURES, {"ids": ids, "since": earliest - timedelta(days=2)}):
        closures[closure.center_id].append(closure)
    lines = {}
    for hit in hits:
        now = local_now(hit.center.timezone, now_utc)
        lines[hit.center.id] = open_state(spans[hit.center.id], now, closures[hit.center.id]).describe(now)
    return lines
