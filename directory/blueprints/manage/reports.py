"""Reported changes for one center: its managers (and admins) accept or dismiss what visitors suggested."""
from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from ...extensions import db
from ...services.change_reports import (
    FIX_PAGES,
    accept_report,
    dismiss_report,
    kind_label,
    report_of_center,
    reports_of_center,
    status_label,
)
from ..decisions import decide
from ..guards import get_managed_center_or_404
from . import bp
from .forms import DecisionForm
from .listing import PAGES


@bp.get("/centers/<slug>/reports")
@login_required
def reports(slug: str):
    center = get_managed_center_or_404(slug)
    open_reports, decided = reports_of_center(db.session, center.id)
    fix_pages = {kind: (PAGES[page], label) for kind, (page, label) in FIX_PAGES.items()}
    return render_template("manage/reports.html", center=center, open_reports=open_reports, decided=decided,
                           kind_label=kind_label, status_label=status_label, fix_pages=fix_pages)


def _act(slug: str, report_id: int, service, success: str):
    center = get_managed_center_or_404(slug)
    report = report_of_center(db.session, center.id, report_id)
    if report is None:
        abort(404)
    form = DecisionForm()
    decide(form, service, report, form.note.data or "", success=success)
    return redirect(url_for("manage.reports", slug=center.slug))


@bp.post("/centers/<slug>/reports/<int:report_id>/accept")
@login_required
def report_accept(slug: str, report_id: int):
    return _act(slug, report_id, accept_report,
                _("Report accepted. If the listing needs changing, correct it on its edit pages."))


@bp.post("/centers/<slug>/reports/<int:report_id>/dismiss")
@login_required
def report_dismiss(slug: str, report_id: int):
    return _act(slug, report_id, dismiss_report, _("Report dismissed; the listing stays as it is."))
