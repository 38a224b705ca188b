"""Therapist search: by place, massage type, focus condition, gender and language, bounded at any size.

A place is answered through the spatial index (geo/nearby.py): the nearest NEAREST_CENTERS published centers within
the radius, then their therapists; never a scan of all therapists with a distance each.
"""
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, Text, cast, exists, func, literal, select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..geo.gazetteer import Place
from ..geo.nearby import nearby
from ..models import Center, CenterStatus, Condition, Service, Therapist, therapist_conditions
from ..models.therapist import therapist_specialties
from .errors import ServiceError
from .public_therapists import LANGUAGES

NEAREST_CENTERS = 200  # centers read around a place
MAX_CANDIDATES = 2_000  # therapists of those centers sorted by distance; a page never reads more rows than this
COUNT_CAP = 1_000  # "1,000+ therapists" is as precise as a count needs to be
GENDERS = ("female", "male")


class TherapistSearchError(ServiceError):
    """A therapist search that cannot run as asked; names the field to fix."""


@dataclass
class TherapistQuery:
    near: str = ""
    lat: float | None = None
    lng: float | None = None
    radius_km: float = 10.0
    service: str = ""
    condition: str = ""
    gender: str = ""
    language: str = ""
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class TherapistHit:
    therapist: Therapist
    distance_km: float | None


@dataclass(frozen=True)
class TherapistResult:
    hits: list[TherapistHit]
    total: int
    capped: bool
    page: int
    per_page: int
    origin: Place | None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def search_therapists(session: Session, query: TherapistQuery, *,
                      geocode: Callable[[str], Place | None]) -> TherapistResult:
    """One page of therapists of published centers matching every filter; nearest first around a place."""
    origin = _origin(query, geocode)
    stmt = _filtered(session, query)
    offset = (query.page - 1) * query.per_page
    if origin is None:
        stmt = stmt.order_by(Therapist.years_practice.desc(), Therapist.name, Therapist.id)
        therapists = list(session.scalars(_loaded(stmt).limit(query.per_page).offset(offset)))
        total = session.scalar(select(func.count()).select_from(stmt.limit(COUNT_CAP + 1).subquery())) or 0
        hits = [TherapistHit(therapist, None) for therapist in therapists]
        return TherapistResult(hits, min(total, COUNT_CAP), total > COUNT_CAP, query.page, query.per_page, None)
    pairs = nearby(session, origin.latitude, origin.longitude, radius_km=query.radius_km, limit=NEAREST_CENTERS)
    distance = dict(pairs)
    rows = list(session.execute(stmt.with_only_columns(Therapist.id, Therapist.center_id, Therapist.name)
                                .where(Therapist.center_id.in_(list(distance) or [-1])).limit(MAX_CANDIDATES)))
    rows.sort(key=lambda row: (distance[row.center_id], row.name, row.id))
    wanted = rows[offset:offset + query.per_page]
    loaded = {t.id: t for t in session.scalars(_loaded(select(Therapist).where(
        Therapist.id.in_([row.id for row in wanted] or [-1]))))}
    hits = [TherapistHit(loaded[row.id], round(distance[row.center_id], 2)) for row in wanted if row.id in loaded]
    capped = len(rows) >= MAX_CANDIDATES
    return TherapistResult(hits, len(rows), capped, query.page, query.per_page, origin)


def _origin(query: TherapistQuery, geocode: Callable[[str], Place | None]) -> Place | None:
    if (query.lat is None) != (query.lng is None):
        raise TherapistSearchError(_l("Give both latitude and longitude."), "lat" if query.lat is None else "lng")
    if query.lat is not None:
        return Place(round(query.lat, 7), round(query.lng, 7), "Your location", "point")
    if query.near.strip():
        place = geocode(query.near)
        if place is None:
            raise TherapistSearchError(_l("We could not find “%(near)s”. Try a neighbourhood or city.",
                                          near=query.near.strip()),
                                       "near")
        return place
    return None


def _filtered(session: Session, query: TherapistQuery) -> Select:
    stmt = (select(Therapist).join(Center, Center.id == Therapist.center_id)
            .where(Center.status == CenterStatus.PUBLISHED))
    if query.service:
        service_id = session.scalar(select(Service.id).where(Service.slug == query.service))
        if service_id is None:
            raise TherapistSearchError(_l("Unknown massage type: %(service)s.", service=query.service), "service")
        stmt = stmt.where(exists().where(therapist_specialties.c.therapist_id == Therapist.id,
                                         therapist_specialties.c.service_id == service_id))
    if query.condition:
        condition_id = session.scalar(select(Condition.id).where(Condition.slug == query.condition))
        if condition_id is None:
            raise TherapistSearchError(_l("Unknown condition: %(condition)s.", condition=query.condition), "condition")
        stmt = stmt.where(exists().where(therapist_conditions.c.therapist_id == Therapist.id,
                                         therapist_conditions.c.condition_id == condition_id))
    if query.gender:
        if query.gender not in GENDERS:
            raise TherapistSearchError(_l("Choose female or male."), "gender")
        stmt = stmt.where(Therapist.gender == query.gender)
    if query.language:
        if query.language not in LANGUAGES:
            raise TherapistSearchError(_l("Choose a language from the list."), "language")
        # The codes are a fixed list of quoted strings inside a JSON array, so a text match is exact and works the
        # same on SQLite and PostgreSQL.
        stmt = stmt.where(cast(Therapist.languages, Text).like(literal(f'%"{query.language}"%')))
    return stmt


def _loaded(stmt: Select) -> Select:
    return stmt.options(joinedload(Therapist.center), selectinload(Therapist.specialties),
                        selectinload(Therapist.conditions))
