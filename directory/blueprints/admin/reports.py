"""Admins decide reported changes on unclaimed listings (and may step in on any report)."""
from flask import render_template

from ...extensions import db
from ...models import ChangeReport
from ...services.change_reports import ReportError, accept_report, admin_queue, dismiss_report, kind_label
from ..guards import role_required
from ..manage.reports import DecisionForm
from .actions import decide
from .views import bp


@bp.get("/reports")
@role_required("admin")
def reports():
    return render_template("admin/reports.html", queue=admin_queue(db.session), kind_label=kind_label)


def _decide(action, report_id: int, success: str):
    report = db.get_or_404(ChangeReport, report_id)
    form = DecisionForm()
    return decide(form, action, report, form.note.data or "", (ReportError,), success, "admin.reports")


@bp.post("/reports/<int:report_id>/accept")
@role_required("admin")
def report_accept(report_id: int):
    return _decide(accept_report, report_id, "Report accepted. Correct the listing if it needs it.")


@bp.post("/reports/<int:report_id>/dismiss")
@role_required("admin")
def report_dismiss(report_id: int):
    return _decide(dismiss_report, report_id, "Report dismissed.")
