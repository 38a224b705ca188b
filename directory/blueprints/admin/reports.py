"""Admins decide reported changes on unclaimed listings (and may step in on any report)."""
from flask import redirect, render_template, url_for
from flask_babel import gettext as _

from ...extensions import db
from ...models import ChangeReport
from ...services.change_reports import accept_report, admin_queue, dismiss_report, kind_label
from ..decisions import decide
from ..guards import role_required
from ..manage.forms import DecisionForm
from . import bp


@bp.get("/reports")
@role_required("admin")
def reports():
    return render_template("admin/reports.html", queue=admin_queue(db.session), kind_label=kind_label)


def _decide(service, report_id: int, success: str):
    report = db.get_or_404(ChangeReport, report_id)
    form = DecisionForm()
    decide(form, service, report, form.note.data or "", success=success)
    return redirect(url_for("admin.reports"))


@bp.post("/reports/<int:report_id>/accept")
@role_required("admin")
def report_accept(report_id: int):
    return _decide(accept_report, report_id, _("Report accepted. Correct the listing if it needs it."))


@bp.post("/reports/<int:report_id>/dismiss")
@role_required("admin")
def report_dismiss(report_id: int):
    return _decide(dismiss_report, report_id, _("Report dismissed."))
