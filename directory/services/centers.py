"""Reading published centers: one center with everything on its page, lists, featured and by service."""
from collections.abc import Callable

from sqlalchemy import Select, select, tuple_
from sqlalchemy.orm import Session, selectinload

from ..geo.distance import haversine_km
from ..geo.gazetteer import Place
from ..models import Center, CenterService, CenterStatus, CityCount, Service, Therapist
from .reviews.ratings import bayesian_rating


def published() -> Select:
    """Centers the public may see."""
    return select(Center).where(Center.status == CenterStatus.PUBLISHED)


def get_published_center(session: Session, slug: str, details: bool = True) -> Center | None:
    """A published center; with `details`, its menu, hours, photos, therapists and their credentials loaded."""
    stmt = published().where(Center.slug == slug)
    if details:
        stmt = stmt.options(
            selectinload(Center.menu),
            selectinload(Center.hours),
            selectinload(Center.photos),
            selectinload(Center.therapists).selectinload(Therapist.credentials),
            selectinload(Center.therapists).selectinload(Therapist.specialties),
        )
    return session.scalar(stmt)


def page_stamp(session: Session, slug: str) -> tuple | None:
    """What a published center's cached page must match: its listing version and rating totals; None if not shown."""
    row = session.execute(select(Center.id, Center.version, Center.rating_count, Center.rating_sum)
                          .where(Center.slug == slug, Center.status == CenterStatus.PUBLISHED)).first()
    return tuple(row) if row is not None else None


HOME_CITIES = 12  # the home page links this many cities (at 1M centers there are tens of thousands)
FIRST_CITY = "Karachi"  # the directory's home city leads the list whatever its count


def featured_centers(session: Session, city: str = FIRST_CITY, limit: int = 6) -> list[Center]:
    """A city's top-rated published centers by Bayesian average (in order from ix_centers_city_status_bayes_score)."""
    stmt = (published().where(Center.city == city, Center.rating_count > 0)
            .order_by(bayesian_rating().desc(), Center.name).limit(limit))
    return list(session.scalars(stmt))


def home_city(cities: list[str], chosen: str | None, point: tuple[float, float] | None,
              locate: Callable[[str], Place | None]) -> str:
    """The city whose top rated the home page shows: the one chosen, else the one of `cities` nearest the visitor's
    point (from "near me"), else FIRST_CITY. `locate` gives a city's coordinates (the gazetteer)."""
    if chosen in cities:
        return chosen
    if point is not None:
        located = [(haversine_km(*point, place.latitude, place.longitude), city)
                   for city in cities if (place := locate(city)) is not None]
        if located:
            return min(located)[1]
    return FIRST_CITY


def city_counts(session: Session, limit: int = HOME_CITIES, first: str = FIRST_CITY) -> list[tuple[str, int]]:
    """The `limit` cities with the most published centers, and how many, `first` leading, then largest first.

    Read from city_counts (kept in step by services/city_counts.py): the first city by its key, the others in
    order from ix_city_counts_published, so the page reads `limit` rows whatever the number of centers.
    """
    found = session.scalar(select(CityCount.published).where(CityCount.city == first, CityCount.published > 0))
    leading = [(first, found)] if found else []
    stmt = (select(CityCount.city, CityCount.published).where(CityCount.published > 0, CityCount.city != first)
            .order_by(CityCount.published.desc(), CityCount.city).limit(limit - len(leading)))
    return leading + [(city, count) for city, count in session.execute(stmt)]


GUIDE_LIMIT = 20  # a guide page shows this many of the cheapest centers and links to search for the rest
_GUIDE_BATCH = 100
_GUIDE_BATCHES = 10  # at most 1,000 menu lines read, however many centers offer the type


def centers_offering(session: Session, service: Service, limit: int = GUIDE_LIMIT) -> list[tuple[Center, int]]:
    """Up to `limit` published centers offering a massage type, with their lowest price per 60 minutes, cheapest first.

    Menu lines are read in (price, center name, center) order from ix_center_services_service_price_name alone
    (the price and the center's name and status are the line's copies, services/price_order.py), so a center's first
    line is its lowest price; keyset batches stop once `limit` centers are found (bounded at any number of centers).
    """
    found: dict[int, int] = {}  # center id -> its lowest price per hour, in order
    after: tuple | None = None
    order = (CenterService.price_key, CenterService.center_name, CenterService.center_id, CenterService.id)
    for _ in range(_GUIDE_BATCHES):
        stmt = (select(*order)
                .where(CenterService.service_id == service.id,
                       CenterService.center_status == CenterStatus.PUBLISHED.value)
                .order_by(*order).limit(_GUIDE_BATCH))
        if after is not None:
            stmt = stmt.where(tuple_(*order) > tuple_(*after))
        rows = session.execute(stmt).all()
        for price, _name, center_id, _line in rows:
            if center_id not in found and len(found) < limit:
                found[center_id] = price
        if len(found) >= limit or len(rows) < _GUIDE_BATCH:
            break
        after = tuple(rows[-1])
    centers = {center.id: center for center in session.scalars(select(Center).where(Center.id.in_(list(found))))}
    return [(centers[center_id], price) for center_id, price in found.items() if center_id in centers]


def all_services(session: Session) -> list[Service]:
    return list(session.scalars(select(Service).order_by(Service.name)))


def get_service(session: Session, slug: str) -> Service | None:
    return session.scalar(select(Service).where(Service.slug == slug))
