"""Plain access rules services share: who manages a center, who may not review it."""
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ..models import CenterClaim, CenterManager, ClaimStatus, Therapist, User


def manages(session: Session, user: User, center_id: int) -> bool:
    """True when the user is an approved manager of the center."""
    return bool(session.scalar(select(exists().where(CenterManager.center_id == center_id,
                                                     CenterManager.user_id == user.id))))


def has_conflict(session: Session, user: User, center_id: int) -> bool:
    """Managers, the center's therapists and anyone with a pending claim may not review it."""
    return bool(session.scalar(select(
        exists().where(CenterManager.center_id == center_id, CenterManager.user_id == user.id)
        | exists().where(Therapist.center_id == center_id, Therapist.user_id == user.id)
        | exists().where(CenterClaim.center_id == center_id, CenterClaim.user_id == user.id,
                         CenterClaim.status == ClaimStatus.PENDING))))
