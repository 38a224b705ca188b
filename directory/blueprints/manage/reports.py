"""Reported changes for one center: its managers (and admins) accept or dismiss what visitors suggested."""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional

from ...extensions import db
from ...services.change_reports import (
    FIX_PAGES,
    NOTE_MAX,
    ReportError,
    accept_report,
    dismiss_report,
    kind_label,
    report_of_center,
    reports_of_center,
    status_label,
)
from ..guards import get_managed_center_or_404
from .views import bp


class DecisionForm(FlaskForm):
    note = StringField("Note (optional, kept with the decision)", validators=[
        Optional(), Length(max=NOTE_MAX, message=f"Keep the note under {NOTE_MAX} characters.")])


def decide_and_flash(form: FlaskForm, action, report, success: str) -> None:
    """Validate the note, decide, commit; a refusal (already decided) rolls back and is shown."""
    if not form.validate_on_submit():
        flash(" ".join(error for messages in form.errors.values() for error in messages), "error")
        return
    try:
        action(db.session, current_user, report, form.note.data or "")
        db.session.commit()
    except ReportError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(success, "success")


@bp.get("/centers/<slug>/reports")
@login_required
def reports(slug: str):
    center = get_managed_center_or_404(slug)
    open_reports, decided = reports_of_center(db.session, center.id)
    return render_template("manage/reports.html", center=center, open_reports=open_reports, decided=decided,
                           kind_label=kind_label, status_label=status_label, fix_pages=FIX_PAGES)


def _act(slug: str, report_id: int, action, success: str):
    center = get_managed_center_or_404(slug)
    report = report_of_center(db.session, center.id, report_id)
    if report is None:
        abort(404)
    decide_and_flash(DecisionForm(), action, report, success)
    return redirect(url_for("manage.reports", slug=center.slug))


@bp.post("/centers/<slug>/reports/<int:report_id>/accept")
@login_required
def report_accept(slug: str, report_id: int):
    return _act(slug, report_id, accept_report,
                "Report accepted. If the listing needs changing, correct it on its edit pages.")


@bp.post("/centers/<slug>/reports/<int:report_id>/dismiss")
@login_required
def report_dismiss(slug: str, report_id: int):
    return _act(slug, report_id, dismiss_report, "Report dismissed; the listing stays as it is.")
