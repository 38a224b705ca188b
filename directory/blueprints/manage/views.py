"""Managing a center: issuing one-time visit codes. Managers of the center only (others get 404)."""
from flask import Blueprint, make_response, render_template
from flask_login import current_user, login_required

from ...extensions import db
from ...models.base import utcnow
from ...services.reviews.rules import ReviewError
from ...services.reviews.visit_codes import issue_codes, recent_codes
from ..common import visit_code_days
from ..guards import get_managed_center_or_404
from .forms import VisitCodeForm

bp = Blueprint("manage", __name__)


@bp.route("/centers/<slug>/visit-codes", methods=["GET", "POST"])
@login_required
def visit_codes(slug: str):
    center = get_managed_center_or_404(slug)
    form = VisitCodeForm()
    issued: list[str] = []
    if form.validate_on_submit():
        try:
            issued = issue_codes(db.session, current_user, center, form.count.data, form.label.data or "",
                                 days=visit_code_days())
            db.session.commit()
        except ReviewError as error:
            db.session.rollback()
            (form[error.field] if error.field in form else form.count).errors.append(error.message)
    # Shown once, in this response: no redirect, so the plain codes never sit in a session cookie.
    response = make_response(render_template(
        "manage/visit_codes.html", center=center, form=form, issued=issued, days=visit_code_days(),
        codes=recent_codes(db.session, center.id), now=utcnow()))
    if issued:
        response.headers["Cache-Control"] = "no-store"
    return response
# Each module registers its routes on bp: claims, photos and evidence, new listings, therapists and credentials,
# the dashboard and overview, reported changes, and editing details, location, menu, hours and confirmation.
from . import claims, dashboard, listing, new_listing, photos, reports, therapists  # noqa: E402,F401
