"""One page of search results as cards: each center's card columns, lowest price, badges' facts, first photo and
massage types, read in one statement as plain rows.

The search page and the API show 20 of these per request. Loading them as ORM entities, then their photos and menu
types in two more statements, was half of an API answer's time (docs/PERFORMANCE.md, "An API answer's cards in
one statement"); the cards are read-only, so plain objects do.
"""
import functools
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Date, bindparam, func, select
from sqlalchemy.orm import Session

from ..geo.distance import haversine_km
from ..geo.gazetteer import Place
from ..models import Center, CenterPhoto, CenterService, Service
from ..models.center import CardFacts
from . import search_filters as filters
from .credentials import owner_managed_condition

SLUG_SEPARATOR = ","  # slugs are lowercase letters, digits and hyphens


@dataclass(frozen=True, slots=True)
class CenterCard(CardFacts):
    """What a result card and an API item show of a center (rating, kind_label and gender_label as on Center)."""
    id: int
    slug: str
    name: str
    kind: str
    area: str
    city: str
    latitude: float
    longitude: float
    gender_policy: str
    rating_count: int
    rating_sum: int
    confirmed_at: datetime | None
    timezone: str
    services: tuple[str, ...]  # slugs of the massage types on its menu, sorted


@dataclass(frozen=True, slots=True)
class CardPhoto:
    """The first photo of a center's gallery: enough for the card's srcset (templates/macros/photos.html)."""
    file_key: str
    width: int


@dataclass
class Hit:
    center: CenterCard
    distance_km: float | None
    price_from: int | None = None  # lowest price per 60 minutes
    verified: bool = False  # has a therapist with a current verified credential
    managed: bool = False  # has an approved manager: the Owner-managed badge
    photo: CardPhoto | None = None  # the first photo of its gallery, for the card


CARD_COLUMNS = (Center.id, Center.slug, Center.name, Center.kind, Center.area, Center.city, Center.latitude,
                Center.longitude, Center.gender_policy, Center.rating_count, Center.rating_sum, Center.confirmed_at,
                Center.timezone)


@functools.cache
def _cards_statement(among_services: bool, low: bool, high: bool):
    """Built once per shape (constructing SQL costs more than running it here). The price is the lowest per 60
    minutes among the search's PriceLines: the price sort orders by the same figure the card shows."""
    lines = filters.price_line_conditions(CenterService, bindparam("service_ids", expanding=True) if among_services
                                          else None, bindparam("low") if low else None,
                                          bindparam("high") if high else None)
    price = select(func.min(CenterService.price_key)).where(CenterService.center_id == Center.id, *lines)
    slugs = (select(func.aggregate_strings(Service.slug, SLUG_SEPARATOR))
             .select_from(CenterService).join(Service, Service.id == CenterService.service_id)
             .where(CenterService.center_id == Center.id))

    def first_photo(column):
        return (select(column).where(CenterPhoto.center_id == Center.id)
                .order_by(CenterPhoto.position, CenterPhoto.id).limit(1).scalar_subquery())

    return (select(*CARD_COLUMNS, slugs.scalar_subquery(), price.scalar_subquery(),
                   filters.verified_condition(bindparam("today", type_=Date)), owner_managed_condition(),
                   first_photo(CenterPhoto.file_key), first_photo(CenterPhoto.width))
            .where(Center.id.in_(bindparam("ids", expanding=True))))


def cards(session: Session, ids: list[int], origin: Place | None, today: date,
          lines: filters.PriceLines) -> list[Hit]:
    """These centers' cards, in the order of `ids`, with their distance from `origin` (when there is one)."""
    if not ids:
        return []
    parameters = {"ids": ids, "today": today, "service_ids": list(lines.service_ids), "low": lines.low,
                  "high": lines.high}
    statement = _cards_statement(bool(lines.service_ids), lines.low is not None, lines.high is not None)
    rows = session.connection().execute(  # Core: plain tuples, no identity map (the cards are read-only)
        statement, {key: value for key, value in parameters.items() if value is not None}).all()
    found = {}
    for row in rows:
        *columns, slugs, price_from, verified, managed, photo_key, photo_width = row
        services = tuple(sorted(set(slugs.split(SLUG_SEPARATOR)))) if slugs else ()
        photo = CardPhoto(photo_key, photo_width) if photo_key is not None else None
        found[row[0]] = (CenterCard(*columns, services), price_from, bool(verified), bool(managed), photo)
    hits = []
    for center_id in (center_id for center_id in ids if center_id in found):  # one deleted meanwhile is left out
        card, price_from, verified, managed, photo = found[center_id]
        distance = None if origin is None else round(
            haversine_km(origin.latitude, origin.longitude, card.latitude, card.longitude), 3)
        hits.append(Hit(card, distance, price_from, verified, managed, photo))
    return hits
