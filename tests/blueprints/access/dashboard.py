"""Access rows for deciding reported changes: the center's managers (manage.*) and admins (admin.*)."""
from sqlalchemy import select

from directory.extensions import db
from directory.models import ChangeReport


def build(factories, world) -> None:
    report = ChangeReport(center_id=world.center.id, kind="phone", details="The phone number changed last month.")
    db.session.add(report)
    db.session.commit()
    world.extra["change_report"] = report


def _status(world) -> str:
    return db.session.scalar(select(ChangeReport.status).where(ChangeReport.id == world.extra["change_report"].id))


def _url(area: str, action: str):
    if area == "manage":
        return lambda w: f"/manage/centers/{w.center.slug}/reports/{w.extra['change_report'].id}/{action}"
    return lambda w: f"/admin/reports/{w.extra['change_report'].id}/{action}"


MANAGE = ("login", 404, 404, "done", 404, "done")
ADMIN = ("login", 403, 403, 403, 403, "done")

def _reports_by_visitors(world) -> int:
    return len(db.session.scalars(select(ChangeReport.id).where(ChangeReport.details.startswith("Moved"))).all())


ROWS = {
    # Anyone may suggest a correction, signed in or not (rate-limited; decided by managers or admins).
    "centers.report": (lambda w: f"/centers/{w.center.slug}/report",
                       {"kind": "moved", "details": "Moved to the next building, plot 24-C."},
                       lambda w: _reports_by_visitors(w) > 0, ("done",) * 6),
    "manage.report_accept": (_url("manage", "accept"), {"note": "Fixed"}, lambda w: _status(w) == "accepted", MANAGE),
    "manage.report_dismiss": (_url("manage", "dismiss"), {"note": ""}, lambda w: _status(w) == "dismissed", MANAGE),
    "admin.report_accept": (_url("admin", "accept"), {"note": ""}, lambda w: _status(w) == "accepted", ADMIN),
    "admin.report_dismiss": (_url("admin", "dismiss"), {"note": "Wrong"}, lambda w: _status(w) == "dismissed", ADMIN),
}
