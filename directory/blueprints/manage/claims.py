"""Claiming a listing: a signed-in member with a verified email asks to manage a center; they follow their claims."""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ...extensions import db
from ...services.access import manages
from ...services.centers import get_published_center
from ...services.claims import (
    ClaimError,
    claims_of,
    pending_claim_of,
    role_label,
    status_label,
    submit_claim,
)
from .forms import ClaimForm
from .views import bp


@bp.route("/centers/<slug>/claim", methods=["GET", "POST"])
@login_required
def claim(slug: str):
    center = get_published_center(db.session, slug)
    if center is None:
        abort(404)
    if current_user.email_verified_at is None:
        return render_template("manage/claim.html", center=center, form=None, blocker=(
            "Confirm your email address first: we need a way to reach you about your claim."), unverified=True), 403
    blocker = None
    if current_user.is_admin:
        blocker = "Administrators can already manage every listing."
    elif manages(db.session, current_user, center.id):
        blocker = "You already manage this listing."
    elif pending_claim_of(db.session, current_user, center.id) is not None:
        blocker = "You already have a claim on this listing waiting for review."
    form = ClaimForm()
    if blocker is None and form.validate_on_submit():
        try:
            submit_claim(db.session, current_user, center, form.role_at_center.data, form.evidence.data,
                         evidence_file=form.document.data)
            db.session.commit()
        except ClaimError as error:
            db.session.rollback()
            (form[error.field] if error.field in form else form.evidence).errors.append(error.message)
        else:
            flash("Thank you. Your claim is waiting for an administrator; we will check your evidence.", "success")
            return redirect(url_for("manage.my_claims"))
    return render_template("manage/claim.html", center=center, form=None if blocker else form, blocker=blocker,
                           unverified=False)


@bp.get("/claims")
@login_required
def my_claims():
    return render_template("manage/my_claims.html", claims=claims_of(db.session, current_user),
                           role_label=role_label, status_label=status_label)
