"""The rules for a manager editing a listing: details, location, menu, weekly hours, special closures, confirmation.

Each change takes the listing version the editor's form was drawn from and refuses a stale one (StaleEdit) before
anything else; it changes rows and records the audit entry in the caller's transaction. Invalid input raises
EditError.
"""
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

from geopy.exc import GeopyError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...geo.gazetteer import Place
from ...models import AMENITIES, Center, CenterKind, CenterService, GenderPolicy, OpeningHours, Service, SpecialClosure
from ...models.base import utcnow
from ...models.center import COORDINATE_DECIMALS
from ...text import clean_text
from ..audit import record
from ..errors import ServiceError
from ..hours import WEEKDAYS
from ..search_index import reindex_center
from .versions import expect_version, touch

PHONE = re.compile(r"\+?[0-9][0-9 ]*")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
DURATION_MIN, DURATION_MAX = 5, 600
PRICE_MAX = 1_000_000  # rupees for one treatment; anything above is a typo
SPANS_PER_DAY = 2
CLOSURE_MAX_DAYS = 366
CLOSURE_AHEAD = timedelta(days=2 * 365)
WEEK_MINUTES = 7 * 1440


class EditError(ServiceError):
    """Input a listing edit refuses."""


class GeocoderDown(EditError):
    """The address finder failed; the owner places the pin by hand."""


@dataclass
class Details:
    """What the details form edits, by column name (nothing else of the center can be set through it)."""

    name: str
    kind: str
    description: str
    address: str
    area: str
    city: str
    phone: str | None
    whatsapp: str | None
    email: str | None
    website: str | None
    gender_policy: str
    amenities: list[str]


LIMITS = {"name": 120, "description": 5000, "address": 300, "area": 80, "city": 80, "phone": 40, "whatsapp": 40,
          "email": 254, "website": 300}
SEARCHED = {"name", "kind", "description", "area", "city"}


def check_phone(value: str | None, field: str) -> str | None:
    """Digits, spaces and one leading +, 7 to 15 digits; empty means none."""
    value = " ".join(clean_text(value, LIMITS[field]).split())
    if not value:
        return None
    digits = sum(char.isdigit() for char in value)
    if not PHONE.fullmatch(value) or not 7 <= digits <= 15:
        raise EditError("Use digits and spaces, with + first for an international number "
                        "(for example +92 21 3583 0000).", field)
    return value


def check_website(value: str | None) -> str | None:
    """An http or https address with a host; empty means none."""
    value = clean_text(value, LIMITS["website"])
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(c.isspace() for c in value):
        raise EditError("Enter a web address starting with https:// or http://.", "website")
    return value


def update_details(session: Session, actor, center: Center, details: Details, *, version: object) -> list[str]:
    """Apply the details form to the listing (its status stays as it is); returns the names of changed fields."""
    expect_version(center, version)
    values = {key: clean_text(getattr(details, key), limit) for key, limit in LIMITS.items()}
    for key in ("name", "address", "city"):
        if not values[key]:
            raise EditError("This cannot be empty.", key)
    if details.kind not in set(CenterKind):
        raise EditError("Choose what kind of place this is.", "kind")
    if details.gender_policy not in set(GenderPolicy):
        raise EditError("Choose who the center serves.", "gender_policy")
    unknown = [key for key in details.amenities if key not in AMENITIES]
    if unknown:
        raise EditError("Choose amenities from the list.", "amenities")
    values["phone"] = check_phone(details.phone, "phone")
    values["whatsapp"] = check_phone(details.whatsapp, "whatsapp")
    values["email"] = values["email"] or None
    if values["email"] and not EMAIL.fullmatch(values["email"]):
        raise EditError("Enter an email address like name@example.com.", "email")
    values["website"] = check_website(details.website)
    values.update(kind=details.kind, gender_policy=details.gender_policy,
                  amenities=[key for key in AMENITIES if key in details.amenities])
    changed = [f.name for f in fields(Details) if getattr(center, f.name) != values[f.name]]
    for key in changed:
        setattr(center, key, values[key])
    if SEARCHED & set(changed):
        reindex_center(session, center)
    record(session, actor, "center.edit_details", "center", center.id, "Changed: " + (", ".join(changed) or "nothing"))
    return changed


@dataclass(frozen=True)
class Guess:
    """Where the geocoder put the listing, and what it was asked."""

    place: Place
    asked: str  # "address", "area" or "city": how precise the guess is


def find_location(center: Center, geocode: Callable[[str], Place | None]) -> Guess | None:
    """Ask the geocoder for the full address, then the area, then the city; the listing is not changed."""
    area_city = ", ".join(part for part in (center.area, center.city) if part)
    for asked, text in (("address", f"{center.address}, {area_city}"), ("area", area_city), ("city", center.city)):
        if text.strip():
            try:
                place = geocode(text)
            except (GeopyError, OSError, ValueError):
                raise GeocoderDown("The address finder is not answering; place the pin on the map or type the "
                                   "coordinates.") from None
            if place is not None:
                return Guess(place, asked)
    return None


def set_location(session: Session, actor, center: Center, latitude: float | None, longitude: float | None, *,
                 version: object) -> None:
    """Move the pin; the model rounds the coordinates and sets the latitude band the spatial index uses."""
    expect_version(center, version)
    if latitude is None or not math.isfinite(latitude) or not -90 <= latitude <= 90:
        raise EditError("Latitude must be a number from -90 to 90 (Karachi is about 24.86).", "latitude")
    if longitude is None or not math.isfinite(longitude) or not -180 <= longitude <= 180:
        raise EditError("Longitude must be a number from -180 to 180 (Karachi is about 67.01).", "longitude")
    old = (center.latitude, center.longitude)
    center.latitude, center.longitude = latitude, longitude
    if (center.latitude, center.longitude) == old:
        touch(center)
    reindex_center(session, center)
    record(session, actor, "center.edit_location", "center", center.id,
           f"{old[0]}, {old[1]} -> {round(latitude, COORDINATE_DECIMALS)}, {round(longitude, COORDINATE_DECIMALS)}")


@dataclass
class MenuLine:
    """What the menu form edits."""

    service_id: int | None
    name: str
    description: str
    duration_min: int | None
    price_pkr: int | None


def get_menu_line(session: Session, center: Center, line_id: int) -> CenterService | None:
    """A line of this center's menu; another center's line is not found."""
    return session.scalar(select(CenterService).where(CenterService.id == line_id,
                                                      CenterService.center_id == center.id))


def _apply_line(session: Session, row: CenterService, line: MenuLine) -> None:
    service = session.get(Service, line.service_id) if line.service_id else None
    if service is None:
        raise EditError("Choose a massage type from the list.", "service_id")
    if line.duration_min is None or not DURATION_MIN <= line.duration_min <= DURATION_MAX:
        raise EditError(f"Duration must be {DURATION_MIN} to {DURATION_MAX} minutes.", "duration_min")
    if line.price_pkr is None or not 1 <= line.price_pkr <= PRICE_MAX:
        raise EditError(f"Price must be a whole number of rupees from 1 to {PRICE_MAX:,}.", "price_pkr")
    row.service = service
    row.name = clean_text(line.name, 120) or service.name
    row.description = clean_text(line.description, 500)
    row.duration_min, row.price_pkr = line.duration_min, line.price_pkr


def add_menu_line(session: Session, actor, center: Center, line: MenuLine, *, version: object) -> CenterService:
    """Add a line at the end of the menu."""
    expect_version(center, version)
    last = session.scalar(select(func.max(CenterService.position)).where(CenterService.center_id == center.id))
    row = CenterService(position=(last if last is not None else -1) + 1)
    _apply_line(session, row, line)
    center.menu.append(row)
    session.flush()
    _menu_changed(session, actor, center, "center.menu_add", f"{row.name}: {row.duration_min} min, PKR {row.price_pkr}")
    return row


def update_menu_line(session: Session, actor, center: Center, row: CenterService, line: MenuLine, *,
                     version: object) -> None:
    expect_version(center, version)
    _apply_line(session, row, line)
    _menu_changed(session, actor, center, "center.menu_update",
                  f"{row.name}: {row.duration_min} min, PKR {row.price_pkr}")


def delete_menu_line(session: Session, actor, center: Center, row: CenterService, *, version: object) -> None:
    expect_version(center, version)
    center.menu.remove(row)
    _menu_changed(session, actor, center, "center.menu_delete", row.name)


def _menu_changed(session: Session, actor, center: Center, action: str, note: str) -> None:
    touch(center)
    session.flush()
    session.expire(center, ["menu"])  # the search document reads the menu as it now is
    reindex_center(session, center)
    record(session, actor, action, "center", center.id, note)


Week = dict[int, list[tuple[time, time]]]


def check_week(week: Week) -> None:
    """At most two spans a day, no span of zero length, no two spans (past midnight included) overlapping."""
    blocks = []
    for day, spans in week.items():
        if len(spans) > SPANS_PER_DAY:
            raise EditError(f"{WEEKDAYS[day]}: at most {SPANS_PER_DAY} opening spans a day.", day)
        for opens, closes in spans:
            if opens == closes and opens != time(0):
                raise EditError(f"{WEEKDAYS[day]}: opening and closing at {opens:%H:%M} is no span; "
                                "for 24 hours use 00:00 to 00:00.", day)
            start = day * 1440 + opens.hour * 60 + opens.minute
            length = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
            blocks.append((start, start + (length if length > 0 else length + 1440), day, opens, closes))
    blocks.sort()
    # Sorted by start, a span overlapping any later one overlaps the next; Sunday night runs into next Monday
    ring = blocks + [(start + WEEK_MINUTES, end + WEEK_MINUTES, *rest) for start, end, *rest in blocks]
    for (_, end, day, opens, closes), following in zip(blocks, ring[1:], strict=False):
        if following[0] < end:
            later_day, later_opens, later_closes = following[2:]
            raise EditError(f"{WEEKDAYS[day]} {opens:%H:%M}–{closes:%H:%M} overlaps {WEEKDAYS[later_day]} "
                            f"{later_opens:%H:%M}–{later_closes:%H:%M}: join them into one span or change one.", day)


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
        raise EditError("Enter the first closed day.", "starts_on")
    ends_on = ends_on or starts_on
    if ends_on < starts_on:
        raise EditError("The last closed day cannot be before the first.", "ends_on")
    if ends_on < today:
        raise EditError("These dates are already past: add closures for today or later.", "starts_on")
    if starts_on > today + CLOSURE_AHEAD:
        raise EditError("Add closures up to two years ahead.", "starts_on")
    if (ends_on - starts_on).days >= CLOSURE_MAX_DAYS:
        raise EditError("A closure can last up to a year; for longer, ask us to suspend the listing.", "ends_on")
    clash = session.scalar(select(SpecialClosure).where(SpecialClosure.center_id == center.id,
                                                        SpecialClosure.starts_on <= ends_on,
                                                        SpecialClosure.ends_on >= starts_on))
    if clash is not None:
        raise EditError(f"This overlaps a closure already listed ({clash.starts_on:%d %b} to {clash.ends_on:%d %b}); "
                        "remove that one first or pick other dates.", "starts_on")
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


def confirm_current(session: Session, actor, center: Center, now: datetime | None = None, *,
                    version: object) -> None:
    """The manager says everything on the listing is still right."""
    expect_version(center, version)
    center.confirmed_at = now or utcnow()
    record(session, actor, "center.confirm", "center", center.id)
