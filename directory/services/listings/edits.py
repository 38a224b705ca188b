"""The rules for a manager editing a listing: details, location, menu and confirmation (hours: schedule.py).

Each change takes the listing version the editor's form was drawn from and refuses a stale one (StaleEdit) before
anything else; it changes rows and records the audit entry in the caller's transaction. Invalid input raises
EditError.
"""
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from geopy.exc import GeopyError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...geo.gazetteer import Place
from ...models import AMENITIES, Center, CenterKind, CenterService, GenderPolicy, Service
from ...models.base import utcnow
from ...models.center_index import COORDINATE_DECIMALS
from ...text import clean_text
from ..audit import record
from ..errors import ServiceError
from ..search_index import reindex_center
from .versions import expect_version, touch

PHONE = re.compile(r"\+?[0-9][0-9 ]*")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
DURATION_MIN, DURATION_MAX = 5, 600
PRICE_MAX = 1_000_000  # rupees for one treatment; anything above is a typo


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
        raise EditError(_l("Use digits and spaces, with + first for an international number (for example +92 21 "
                           "3583 0000)."), field)
    return value


def check_website(value: str | None) -> str | None:
    """An http or https address with a host; empty means none."""
    value = clean_text(value, LIMITS["website"])
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(c.isspace() for c in value):
        raise EditError(_l("Enter a web address starting with https:// or http://."), "website")
    return value


def update_details(session: Session, actor, center: Center, details: Details, *, version: object) -> list[str]:
    """Apply the details form to the listing (its status stays as it is); returns the names of changed fields."""
    expect_version(center, version)
    values = {key: clean_text(getattr(details, key), limit) for key, limit in LIMITS.items()}
    for key in ("name", "address", "city"):
        if not values[key]:
            raise EditError(_l("This cannot be empty."), key)
    if details.kind not in set(CenterKind):
        raise EditError(_l("Choose what kind of place this is."), "kind")
    if details.gender_policy not in set(GenderPolicy):
        raise EditError(_l("Choose who the center serves."), "gender_policy")
    unknown = [key for key in details.amenities if key not in AMENITIES]
    if unknown:
        raise EditError(_l("Choose amenities from the list."), "amenities")
    values["phone"] = check_phone(details.phone, "phone")
    values["whatsapp"] = check_phone(details.whatsapp, "whatsapp")
    values["email"] = values["email"] or None
    if values["email"] and not EMAIL.fullmatch(values["email"]):
        raise EditError(_l("Enter an email address like name@example.com."), "email")
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
                raise GeocoderDown(_l("The address finder is not answering; place the pin on the map or type the "
                                      "coordinates.")) from None
            if place is not None:
                return Guess(place, asked)
    return None


def set_location(session: Session, actor, center: Center, latitude: float | None, longitude: float | None, *,
                 version: object) -> None:
    """Move the pin; the model rounds the coordinates and sets the latitude band the spatial index uses."""
    expect_version(center, version)
    if latitude is None or not math.isfinite(latitude) or not -90 <= latitude <= 90:
        raise EditError(_l("Latitude must be a number from -90 to 90 (Karachi is about 24.86)."), "latitude")
    if longitude is None or not math.isfinite(longitude) or not -180 <= longitude <= 180:
        raise EditError(_l("Longitude must be a number from -180 to 180 (Karachi is about 67.01)."), "longitude")
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
        raise EditError(_l("Choose a massage type from the list."), "service_id")
    if line.duration_min is None or not DURATION_MIN <= line.duration_min <= DURATION_MAX:
        raise EditError(_l("Duration must be %(duration_min)s to %(duration_max)s minutes.",
                           duration_min=DURATION_MIN, duration_max=DURATION_MAX), "duration_min")
    if line.price_pkr is None or not 1 <= line.price_pkr <= PRICE_MAX:
        raise EditError(_l("Price must be a whole number of rupees from 1 to %(price_max)s.",
                           price_max=f"{PRICE_MAX:,}"), "price_pkr")
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


def confirm_current(session: Session, actor, center: Center, now: datetime | None = None, *,
                    version: object) -> None:
    """The manager says everything on the listing is still right."""
    expect_version(center, version)
    center.confirmed_at = now or utcnow()
    record(session, actor, "center.confirm", "center", center.id)
