"""Reading published centers: one center with everything on its page, lists, featured and by service."""
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from ..models import Center, CenterService, CenterStatus, Service, Therapist
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


def featured_centers(session: Session, limit: int = 6) -> list[Center]:
    """Top-rated published centers by Bayesian average."""
    stmt = published().where(Center.rating_count > 0).order_by(bayesian_rating().desc(), Center.name).limit(limit)
    return list(session.scalars(stmt))


def city_counts(session: Session) -> list[tuple[str, int]]:
    """Cities with published centers and how many, largest first."""
    stmt = (select(Center.city, func.count(Center.id)).where(Center.status == CenterStatus.PUBLISHED)
            .group_by(Center.city).order_by(func.count(Center.id).desc(), Center.city))
    return [(city, count) for city, count in session.execute(stmt)]


def centers_offering(session: Session, service: Service) -> list[tuple[Center, int]]:
    """Published centers offering a massage type, with their lowest price per 60 minutes, cheapest first."""
    lowest = func.min(CenterService.price_per_hour)
    stmt = (published().add_columns(lowest).join(CenterService).where(CenterService.service_id == service.id)
            .group_by(Center.id).order_by(lowest, Center.name))
    return [(center, price) for center, price in session.execute(stmt)]


def all_services(session: Session) -> list[Service]:
    return list(session.scalars(select(Service).order_by(Service.name)))


def get_service(session: Session, slug: str) -> Service | None:
    return session.scalar(select(Service).where(Service.slug == slug))
