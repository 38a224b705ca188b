"""Reading the conditions catalog: the list, one condition, which conditions a massage type suits, focus therapists."""
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..models import Center, CenterStatus, Condition, ConditionService, Service, Therapist, therapist_conditions

CATALOG_LIMIT = 200  # a hand-written catalog; the cap only keeps a runaway import from filling a page
FOCUS_THERAPISTS_LIMIT = 12


def all_conditions(session: Session) -> list[Condition]:
    """Every condition by name, with its ranked massage types loaded."""
    stmt = (select(Condition).options(selectinload(Condition.services).joinedload(ConditionService.service))
            .order_by(Condition.name).limit(CATALOG_LIMIT))
    return list(session.scalars(stmt))


def get_condition(session: Session, slug: str) -> Condition | None:
    """One condition by slug, with its ranked massage types loaded."""
    stmt = (select(Condition).where(Condition.slug == slug)
            .options(selectinload(Condition.services).joinedload(ConditionService.service)))
    return session.scalar(stmt)


def conditions_for_service(session: Session, service_id: int) -> list[Condition]:
    """Conditions a massage type is suited to, those it ranks highest for first."""
    stmt = (select(Condition).join(ConditionService).where(ConditionService.service_id == service_id)
            .order_by(ConditionService.rank, Condition.name).limit(CATALOG_LIMIT))
    return list(session.scalars(stmt))


def suited_services(condition: Condition) -> list[Service]:
    """The condition's massage types, best first."""
    return [item.service for item in condition.services]


def focus_therapists(session: Session, condition_id: int, limit: int = FOCUS_THERAPISTS_LIMIT) -> list[Therapist]:
    """Therapists at published centers who list the condition as a focus, most experienced first (bounded)."""
    stmt = (select(Therapist).join(therapist_conditions, therapist_conditions.c.therapist_id == Therapist.id)
            .join(Center, Center.id == Therapist.center_id)
            .where(therapist_conditions.c.condition_id == condition_id, Center.status == CenterStatus.PUBLISHED)
            .options(joinedload(Therapist.center), selectinload(Therapist.specialties))
            .order_by(Therapist.years_practice.desc(), Therapist.name, Therapist.id).limit(limit))
    return list(session.scalars(stmt))
