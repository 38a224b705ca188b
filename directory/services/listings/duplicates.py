"""Possible duplicates of a listing: a very similar name within about 1 km, or the same phone or WhatsApp number."""
import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ...geo.distance import bounding_box, haversine_km
from ...models import Center, CenterStatus

NEARBY_KM = 1.0
NAME_SIMILARITY = 0.85  # difflib ratio of the normalised names
LIMIT = 10
# Words nearly every listing has: "The Royal Spa" and "Royal Spa & Massage Center" are the same name
GENERIC_WORDS = frozenset("""the a an and of spa spas massage massages center centre centers centres salon saloon
parlour parlor studio wellness beauty day health therapy therapies clinic lounge house club by n""".split())
_PHONE_JUNK = ("+", " ", "-", "(", ")", ".", "/")


@dataclass
class Duplicate:
    """An existing listing that may be the same center, and why we think so."""

    center: Center
    reasons: list[str] = field(default_factory=list)
    distance_km: float | None = None


def name_key(name: str) -> str:
    """A name without case, accents, punctuation or generic words ("The Royal Spa!" -> "royal")."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", text)
    kept = [word for word in words if word not in GENERIC_WORDS]
    return " ".join(kept or words)


def similar_names(first: str, second: str) -> bool:
    a, b = name_key(first), name_key(second)
    if not a or not b:
        return False
    return a == b or a.replace(" ", "") == b.replace(" ", "") or \
        difflib.SequenceMatcher(None, a, b).ratio() >= NAME_SIMILARITY


def phone_key(phone: str | None) -> str:
    """The national number: digits only, without 0092, +92, 92 or a leading 0 ("0321-4478102" -> "3214478102")."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0092"):
        digits = digits[4:]
    elif digits.startswith("92") and len(digits) >= 11:
        digits = digits[2:]
    digits = digits.lstrip("0")
    return digits if len(digits) >= 7 else ""  # shorter is no phone number worth matching


def _digits_column(column):
    """The column with the usual separators removed, in SQL (works on SQLite and PostgreSQL)."""
    for junk in _PHONE_JUNK:
        column = func.replace(column, junk, "")
    return column


def find_duplicates(session: Session, *, name: str, latitude: float | None, longitude: float | None,
                    phones: list[str | None], exclude_id: int | None = None) -> list[Duplicate]:
    """Listings (not deleted) that may be the same center, nearest name matches first, then phone matches."""
    found: dict[int, Duplicate] = {}
    alive = Center.status != CenterStatus.DELETED
    excluded = [Center.id != exclude_id] if exclude_id is not None else []
    if latitude is not None and longitude is not None:
        box = bounding_box(latitude, longitude, NEARBY_KM)
        near = select(Center).where(alive, *excluded, Center.latitude.between(box.min_lat, box.max_lat), or_(
            *[Center.longitude.between(west, east) for west, east in box.lng_ranges]))
        for center in session.scalars(near.order_by(Center.id).limit(500)):
            distance = haversine_km(latitude, longitude, center.latitude, center.longitude)
            if distance <= NEARBY_KM and similar_names(name, center.name):
                reason = _l("Similar name %(distance)s away", distance=_distance_label(distance))
                found[center.id] = Duplicate(center, [reason], distance)
    keys = {key for key in map(phone_key, phones) if key}
    if keys:
        columns = [_digits_column(Center.phone), _digits_column(Center.whatsapp)]
        # A cheap SQL pre-filter on the last 7 digits; the exact comparison is done on the normalised numbers
        suffixes = [column.like(f"%{key[-7:]}") for column in columns for key in keys]
        for center in session.scalars(select(Center).where(alive, *excluded, or_(*suffixes))
                                      .order_by(Center.id).limit(200)):
            if {phone_key(center.phone), phone_key(center.whatsapp)} & keys:
                entry = found.setdefault(center.id, Duplicate(center))
                entry.reasons.append(_l("Same phone or WhatsApp number"))
    ordered = sorted(found.values(), key=lambda d: (d.distance_km is None, d.distance_km or 0, d.center.id))
    return ordered[:LIMIT]


def duplicates_of(session: Session, center: Center) -> list[Duplicate]:
    """Possible duplicates of a saved listing (itself excluded)."""
    return find_duplicates(session, name=center.name, latitude=center.latitude, longitude=center.longitude,
                           phones=[center.phone, center.whatsapp], exclude_id=center.id)


def _distance_label(km: float) -> str:
    return f"{round(km * 1000, -1):.0f} m" if km < 1 else f"{km:.1f} km"
