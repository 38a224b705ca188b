"""Visitors' suggested corrections to a listing; its managers (or admins, for unclaimed listings) decide them."""
import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session, joinedload

from ..models import Center, CenterManager, ChangeKind, ChangeReport, ReportStatus, User
from ..models.base import utcnow
from ..text import clean_text
from . import audit
from .errors import ServiceError
from .notifications.queue import change_reported

DETAILS_MIN, DETAILS_MAX = 10, 1000
NOTE_MAX = 500
EMAIL_MAX = 254
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
QUEUE_LIMIT = 200

# Which listing page fixes what each kind of report is about ("details", "hours", "location", "menu"), and the
# link's text; the web layer turns the page into a URL.
FIX_PAGES = {
    ChangeKind.PHONE: ("details", _l("Edit contact details")),
    ChangeKind.CLOSED: ("hours", _l("Edit hours and closures")),
    ChangeKind.MOVED: ("location", _l("Edit the location")),
    ChangeKind.HOURS: ("hours", _l("Edit opening hours")),
    ChangeKind.PRICES: ("menu", _l("Edit the menu")),
    ChangeKind.OTHER: ("details", _l("Edit details")),
}


class ReportError(ServiceError):
    """A change report refused."""

    field = "details"


def kind_label(kind: str) -> str:
    return ChangeKind(kind).label if kind in ChangeKind._value2member_map_ else kind


def status_label(status: str) -> str:
    return ReportStatus(status).label if status in ReportStatus._value2member_map_ else status


def submit_report(session: Session, center: Center, kind: str, details: str, reporter: User | None,
                  email: str = "") -> ChangeReport:
    """Record a visitor's report; a signed-in reporter is known by their account, others may leave an email."""
    if kind not in ChangeKind._value2member_map_:
        raise ReportError(_l("Choose what is wrong."), "kind")
    details = clean_text(details, DETAILS_MAX + 1)
    if not DETAILS_MIN <= len(details) <= DETAILS_MAX:
        raise ReportError(_l("Describe the change in %(details_min)s to %(details_max)s characters.",
                             details_min=DETAILS_MIN, details_max=DETAILS_MAX))
    email = "" if reporter is not None else clean_text(email, EMAIL_MAX + 1)
    if email and (len(email) > EMAIL_MAX or not EMAIL.match(email)):
        raise ReportError(_l("Enter an email address like name@example.com, or leave it empty."), "email")
    report = ChangeReport(center_id=center.id, kind=kind, details=details, reporter_email=email.lower(),
                          reporter_id=reporter.id if reporter is not None else None)
    session.add(report)
    session.flush()
    change_reported(session, report)
    return report


def _decide(session: Session, actor: User, report: ChangeReport, status: ReportStatus, note: str) -> None:
    """Decide an open report once: a conditional UPDATE, so two deciders racing cannot both succeed."""
    note = clean_text(note, NOTE_MAX)
    now = utcnow()
    done = session.execute(
        update(ChangeReport).where(ChangeReport.id == report.id, ChangeReport.status == ReportStatus.OPEN)
        .values(status=status, decided_at=now, decided_by_id=actor.id, decision_note=note)
        .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        session.refresh(report)
        raise ReportError(_l("This report was already decided (%(status)s); nothing was changed.",
                             status=status_label(report.status).lower()))
    session.refresh(report)
    verb = "accepted" if status == ReportStatus.ACCEPTED else "dismissed"
    audit.record(session, actor, f"report.{verb}", "change_report", report.id, note, now=now)


def accept_report(session: Session, actor: User, report: ChangeReport, note: str = "") -> None:
    """Record that the report is right; the owner then corrects the listing on its edit pages."""
    _decide(session, actor, report, ReportStatus.ACCEPTED, note)


def dismiss_report(session: Session, actor: User, report: ChangeReport, note: str = "") -> None:
    _decide(session, actor, report, ReportStatus.DISMISSED, note)


def report_of_center(session: Session, center_id: int, report_id: int) -> ChangeReport | None:
    """A report looked up within one center, so another center's report ids are not found."""
    return session.scalar(select(ChangeReport).where(ChangeReport.id == report_id,
                                                     ChangeReport.center_id == center_id))


def reports_of_center(session: Session, center_id: int, decided_limit: int = 20) -> tuple[list, list]:
    """Open reports oldest first, and the latest decided ones."""
    base = select(ChangeReport).where(ChangeReport.center_id == center_id)
    open_reports = list(session.scalars(base.where(ChangeReport.status == ReportStatus.OPEN)
                                        .order_by(ChangeReport.created_at, ChangeReport.id)))
    decided = list(session.scalars(base.where(ChangeReport.status != ReportStatus.OPEN)
                                   .order_by(ChangeReport.decided_at.desc(), ChangeReport.id.desc())
                                   .limit(decided_limit)))
    return open_reports, decided


def _has_managers():
    return exists().where(CenterManager.center_id == ChangeReport.center_id)


@dataclass
class AdminQueue:
    unclaimed: list[ChangeReport]  # nobody manages the listing: admins decide
    managed: list[ChangeReport]  # the owners decide; admins may step in
    managed_total: int


def admin_queue(session: Session) -> AdminQueue:
    """Open reports, oldest first: those on unclaimed listings, then those their managers have not decided yet."""
    base = (select(ChangeReport).options(joinedload(ChangeReport.center))
            .where(ChangeReport.status == ReportStatus.OPEN).order_by(ChangeReport.created_at, ChangeReport.id))
    unclaimed = list(session.scalars(base.where(~_has_managers()).limit(QUEUE_LIMIT)))
    managed = list(session.scalars(base.where(_has_managers()).limit(QUEUE_LIMIT)))
    total = session.scalar(select(func.count(ChangeReport.id)).where(ChangeReport.status == ReportStatus.OPEN,
                                                                     _has_managers()))
    return AdminQueue(unclaimed, managed, total or 0)
