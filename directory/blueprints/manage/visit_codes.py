"""Managing a center: issuing one-time visit codes. Managers of the center only (others get 404)."""
from flask import make_response, render_template
from flask_login import current_user, login_required

from ...extensions import db
from ...models.base import utcnow
from ...services.reviews.visit_codes import issue_codes, recent_codes
from ..common import visit_code_days
from ..guards import get_managed_center_or_404
from ..transactions import perform
from . import bp
from .forms import VisitCodeForm


@bp.route("/centers/<slug>/visit-codes", methods=["GET", "POST"])
@login_required
def visit_codes(slug: str):
    center = get_managed_center_or_404(slug)
    form = VisitCodeForm()
    issued: list[str] = []
    if form.validate_on_submit():
        outcome = perform(issue_codes, db.session, current_user, center, form.count.data, form.label.data or "",
                          days=visit_code_days(), form=form)
        issued = outcome.value or []
    # Shown once, in this response: no redirect, so the plain codes never sit in a session cookie.
    response = make_response(render_template(
        "manage/visit_codes.html", center=center, form=form, issued=issued, days=visit_code_days(),
        codes=recent_codes(db.session, center.id), now=utcnow()))
    if issued:
        response.headers["Cache-Control"] = "no-store"
    return response
