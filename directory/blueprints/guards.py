"""Request guards: who may open a page (signed in, role, manages this center), which center a URL names; others get
login, 403 or 404."""
from functools import wraps

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db, login_manager
from ..models import Center, Role
from ..services.access import manages
from ..services.centers import get_published_center


def role_required(*roles: str):
    """Views for signed-in users with one of `roles` (admins pass every role check). Others: login or 403."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role != Role.ADMIN and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def get_managed_center_or_404(slug: str) -> Center:
    """The center with this slug if the current user manages it (admins manage all); otherwise 404."""
    center = db.session.scalar(select(Center).where(Center.slug == slug[:120]))
    if center is None or not current_user.is_authenticated:
        abort(404)
    if current_user.role != Role.ADMIN and not manages(db.session, current_user, center.id):
        abort(404)
    return center


def get_published_center_or_404(slug: str, details: bool = True) -> Center:
    """The published center with this slug (with everything its page shows, unless `details` is False); else 404."""
    center = get_published_center(db.session, slug[:120], details=details)
    if center is None:
        abort(404, description="No published center has this slug.")  # the API's JSON error says this
    return center
