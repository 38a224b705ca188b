"""What a review must be: the domain error, the abuse limits, and checking what a member typed."""
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import SUB_RATINGS, Center, CenterService, Therapist
from ...text import clean_text
from ..errors import ServiceError

TITLE_MAX = 120
BODY_MIN = 20
BODY_MAX = 5000
VISIT_WINDOW_YEARS = 2


class ReviewError(ServiceError):
    """A review rule refused an action."""


@dataclass(frozen=True)
class ReviewLimits:
    """Abuse limits: a daily cap per member, and a burst on one center that holds new reviews."""

    per_day: int = 3
    burst_count: int = 5
    burst_minutes: int = 10

    @classmethod
    def from_config(cls, config: Mapping) -> "ReviewLimits":
        # int(): values set through SUKOON_* environment variables arrive as strings
        return cls(per_day=int(config.get("REVIEWS_PER_DAY", cls.per_day)),
                   burst_count=int(config.get("REVIEW_BURST_COUNT", cls.burst_count)),
                   burst_minutes=int(config.get("REVIEW_BURST_MINUTES", cls.burst_minutes)))


def normalise_body(text: str) -> str:
    """Trim lines and collapse runs of spaces and blank lines: what we store, show and compare for duplicates."""
    text = clean_text(str(text or "").replace("\r\n", "\n").replace("\r", "\n"), 100_000)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def check_review(session: Session, center: Center, data: Mapping[str, Any], today: date) -> dict[str, Any]:
    """The validated column values of a review of `center`; ReviewError names the first field at fault."""
    rating = _stars(data.get("rating"), "rating")
    if rating is None:
        raise ReviewError(_l("Choose an overall rating from 1 to 5 stars."), "rating")
    values: dict[str, Any] = {"rating": rating}
    for name in SUB_RATINGS:
        values[name] = _stars(data.get(name), name)
    title = clean_text(str(data.get("title") or ""), 10_000)
    if not title:
        raise ReviewError(_l("Give your review a title."), "title")
    if len(title) > TITLE_MAX:
        raise ReviewError(_l("Keep the title to %(title_max)s characters.", title_max=TITLE_MAX), "title")
    body = normalise_body(data.get("body") or "")
    if len(body) < BODY_MIN:
        raise ReviewError(_l("Tell others about your visit in at least %(body_min)s characters.",
                             body_min=BODY_MIN), "body")
    if len(body) > BODY_MAX:
        raise ReviewError(_l("Keep your review to %(body_max)s characters.", body_max=BODY_MAX), "body")
    values.update(title=title, body=body, menu_item_id=_menu_item(session, center, data.get("menu_item_id")),
                  therapist_id=_therapist(session, center, data.get("therapist_id")),
                  visit_month=_visit_month(data.get("visit_month"), today))
    return values


def _stars(value: Any, field: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value.strip())
    # bool is an int subclass, and True is not a rating
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ReviewError(_l("Ratings are whole stars from 1 to 5."), field)
    return value


def _menu_item(session: Session, center: Center, value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        item_id = int(value)
    except (TypeError, ValueError):
        raise ReviewError(_l("Choose a treatment from this center's menu."), "menu_item_id") from None
    found = session.scalar(select(CenterService.id).where(CenterService.id == item_id,
                                                          CenterService.center_id == center.id))
    if found is None:
        raise ReviewError(_l("Choose a treatment from this center's menu."), "menu_item_id")
    return found


def _therapist(session: Session, center: Center, value: Any) -> int | None:
    """Who treated the author: empty, or a therapist of this center (never of another)."""
    if value in (None, ""):
        return None
    try:
        therapist_id = int(value)
    except (TypeError, ValueError):
        raise ReviewError(_l("Choose a therapist of this center."), "therapist_id") from None
    found = session.scalar(select(Therapist.id).where(Therapist.id == therapist_id,
                                                      Therapist.center_id == center.id))
    if found is None:
        raise ReviewError(_l("Choose a therapist of this center."), "therapist_id")
    return found


def _visit_month(value: Any, today: date) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(f"{str(value)[:7]}-01")
        except ValueError:
            raise ReviewError(_l("Give the month of your visit, like 2025-03."), "visit_month") from None
    month = value.replace(day=1)
    if month > today.replace(day=1):
        raise ReviewError(_l("The month of your visit cannot be in the future."), "visit_month")
    if month < date(today.year - VISIT_WINDOW_YEARS, today.month, 1):
        raise ReviewError(_l("Reviews are about visits in the last two years."), "visit_month")
    return month
