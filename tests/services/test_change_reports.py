"""Change reports: what a visitor may send, deciding once (audited), and the admin queue of unclaimed listings."""
import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import AuditEntry, ChangeReport
from directory.services.change_reports import (
    ReportError,
    accept_report,
    admin_queue,
    dismiss_report,
    report_of_center,
    submit_report,
)

DETAILS = "The WhatsApp number is now 0300 7654321."


def test_an_anonymous_visitor_may_leave_an_email(app, factories):
    center = factories.center()
    report = submit_report(db.session, center, "phone", f"  {DETAILS}\x00 ", None, " Visitor@Example.com ")
    db.session.commit()
    assert (report.status, report.details, report.reporter_email, report.reporter_id) == (
        "open", DETAILS, "visitor@example.com", None)


def test_a_member_is_known_by_their_account_not_a_typed_email(app, factories):
    center, member = factories.center(), factories.user()
    report = submit_report(db.session, center, "hours", DETAILS, member, "someone@else.com")
    assert report.reporter_id == member.id and report.reporter_email == ""


@pytest.mark.parametrize("kind, details, email, field", [
    ("rumours", DETAILS, "", "kind"), ("phone", "short", "", "details"), ("phone", "x" * 1001, "", "details"),
    ("phone", "          \x01\x02", "", "details"), ("phone", DETAILS, "not-an-email", "email"),
    ("phone", DETAILS, "a@b.c" + "x" * 260, "email"),
])
def test_bad_reports_are_refused_with_the_field_at_fault(app, factories, kind, details, email, field):
    with pytest.raises(ReportError) as refused:
        submit_report(db.session, factories.center(), kind, details, None, email)
    assert refused.value.field == field


def test_a_report_is_decided_once_and_audited(app, factories):
    center = factories.center()
    owner = factories.manager(center)
    report = submit_report(db.session, center, "phone", DETAILS, None)
    db.session.commit()
    accept_report(db.session, owner, report, "Updated the number")
    db.session.commit()
    assert (report.status, report.decided_by_id, report.decision_note) == ("accepted", owner.id, "Updated the number")
    assert report.decided_at is not None
    with pytest.raises(ReportError, match="already decided"):
        dismiss_report(db.session, owner, report, "changed my mind")
    db.session.rollback()
    db.session.refresh(report)
    assert report.status == "accepted" and report.decision_note == "Updated the number"
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.subject_type == "change_report")).all()
    assert actions == ["report.accepted"]


def test_reports_are_found_only_within_their_center(app, factories):
    center, other = factories.center(), factories.center()
    report = submit_report(db.session, center, "moved", DETAILS, None)
    db.session.commit()
    assert report_of_center(db.session, center.id, report.id) == report
    assert report_of_center(db.session, other.id, report.id) is None


def test_the_admin_queue_puts_unclaimed_listings_first(app, factories):
    unclaimed, claimed = factories.center(name="Nobody's Spa"), factories.center(name="Owned Spa")
    factories.manager(claimed)
    on_unclaimed = submit_report(db.session, unclaimed, "closed", DETAILS, None)
    on_claimed = submit_report(db.session, claimed, "prices", DETAILS, None)
    decided = submit_report(db.session, unclaimed, "other", DETAILS, None)
    db.session.commit()
    dismiss_report(db.session, factories.user(role="admin"), decided)
    db.session.commit()
    queue = admin_queue(db.session)
    assert queue.unclaimed == [on_unclaimed] and queue.managed == [on_claimed] and queue.managed_total == 1
    assert db.session.scalar(select(func.count(ChangeReport.id))) == 3
