"""Claiming a listing: a signed-in member with a verified email asks to manage a center; they follow their claims."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...extensions import db
from ...services.claims import (
    check_may_claim,
    claims_of,
    role_label,
    status_label,
    submit_claim,
)
from ..common import page_arg
from ..guards import get_published_center_or_404
from ..transactions import perform
from ..uploads import upload_limits
from . import bp
from .forms import ClaimForm


@bp.route("/centers/<slug>/claim", methods=["GET", "POST"])
@login_required
def claim(slug: str):
    center = get_published_center_or_404(slug, details=False)
    blocked = perform(check_may_claim, db.session, current_user, center)
    if not blocked.ok:
        unverified = blocked.error.status == 403
        return render_template("manage/claim.html", center=center, form=None, blocker=blocked.error.message,
                               unverified=unverified), 403 if unverified else 200
    form = ClaimForm()
    if form.validate_on_submit() and perform(
            submit_claim, db.session, current_user, center, form.role_at_center.data, form.evidence.data,
            evidence_file=form.document.data, limits=upload_limits(), form=form).ok:
        flash(_("Thank you. Your claim is waiting for an administrator; we will check your evidence."), "success")
        return redirect(url_for("manage.my_claims"))
    return render_template("manage/claim.html", center=center, form=form, blocker=None, unverified=False)


@bp.get("/claims")
@login_required
def my_claims():
    return render_template("manage/my_claims.html", page=claims_of(db.session, current_user, page_arg()),
                           role_label=role_label, status_label=status_label)
