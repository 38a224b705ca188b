"""Every permission rule in one place: roles, and who may speak for or manage a center."""
from functools import wraps

from flask import abort
from flask_login import current_user
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from .extensions import db
from .models import Center, CenterClaim, CenterManager, ClaimStatus, Role, Therapist, User


def role_required(*roles: str):
    """Views for signed-in users with one of `roles` (admins pass every role check). Others: login or 403."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from .extensions import login_manager

                return login_manager.unauthorized()
            if current_user.role != Role.ADMIN and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


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


def get_managed_center_or_404(slug: str) -> Center:
    """The center with this slug if the current user manages it (admins manage all); otherwise 404."""
    center = db.session.scalar(select(Center).where(Center.slug == slug[:120]))
    if center is None or not current_user.is_authenticated:
        abort(404)
    if current_user.role != Role.ADMIN and not manages(db.session, current_user, center.id):
        abort(404)
    return center
