"""Public side of a listing's upkeep: anyone may report a change; the owner (or an admin) decides."""
from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db, limiter
from ...models import Center
from ...services.change_reports import submit_report
from ..accounts.limits import friendly_message, log_breach
from ..guards import get_published_center_or_404
from ..transactions import perform
from . import bp
from .forms import ReportForm


def report_limit() -> str:
    return current_app.config["RATELIMIT_CHANGE_REPORT"]


@bp.route("/<slug>/report", methods=["GET", "POST"])
@limiter.limit(report_limit, methods=["POST"], error_message=friendly_message, on_breach=log_breach)
def report(slug: str):
    center = get_published_center_or_404(slug, details=False)
    form = ReportForm()
    if form.validate_on_submit():
        if form.website.data:  # a bot filled the hidden field: thank it and keep nothing
            return _thanks(center)
        reporter = current_user if current_user.is_authenticated else None
        outcome = perform(submit_report, db.session, center, form.kind.data, form.details.data, reporter,
                          form.email.data or "", form=form)
        if outcome.ok:
            return _thanks(center)
    return render_template("centers/report.html", center=center, form=form)


def _thanks(center: Center):
    flash(_("Thank you. Your correction goes to the people who run this listing (or to our team); they will check it."),
          "success")
    return redirect(url_for("centers.show", slug=center.slug))
