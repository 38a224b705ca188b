"""Report a change: anyone sends a correction; the owner (an admin for unclaimed listings) accepts or dismisses it."""
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import AuditEntry, ChangeReport

from ...reviewing import sign_in

DETAILS = "The phone number is now 0300 7654321; the old one is switched off."


def report_url(center) -> str:
    return f"/centers/{center.slug}/report"


def reports() -> list[ChangeReport]:
    db.session.rollback()
    return db.session.scalars(select(ChangeReport).order_by(ChangeReport.id)).all()


def open_report(center, details: str = DETAILS) -> ChangeReport:
    report = ChangeReport(center_id=center.id, kind="phone", details=details)
    db.session.add(report)
    db.session.commit()
    return report


def test_an_anonymous_visitor_reports_a_change(client, factories):
    center = factories.center(name="Reported Spa")
    form = client.get(report_url(center)).get_data(as_text=True)
    assert ">What is wrong?</label>" in form and ">What should it say instead?</label>" in form
    assert ">Your email (optional)</label>" in form and "Wrong phone or WhatsApp number" in form
    response = client.post(report_url(center), data={"kind": "phone", "details": DETAILS,
                                                     "email": "visitor@example.com"})
    assert response.status_code == 302 and response.location.endswith(f"/centers/{center.slug}")
    assert "Thank you" in client.get(response.location).get_data(as_text=True)
    [report] = reports()
    assert (report.center_id, report.kind, report.details, report.reporter_email, report.status) == (
        center.id, "phone", DETAILS, "visitor@example.com", "open")


def test_a_signed_in_member_is_not_asked_for_an_email(client, auth, factories):
    center, member = factories.center(), factories.user()
    sign_in(auth, member)
    assert "Your email" not in client.get(report_url(center)).get_data(as_text=True)
    client.post(report_url(center), data={"kind": "closed", "details": "Closed for good since March."})
    [report] = reports()
    assert report.reporter_id == member.id and report.kind == "closed"


def test_bad_input_gets_a_form_error_and_saves_nothing(client, factories):
    center = factories.center()
    for data, error in (({"kind": "phone", "details": "wrong"}, "details-error"),
                        ({"kind": "gossip", "details": DETAILS}, "kind-error"),
                        ({"kind": "phone", "details": DETAILS, "email": "nope"}, "email-error"),
                        ({"kind": "phone", "details": "x" * 1001}, "details-error"), ({}, "details-error")):
        response = client.post(report_url(center), data=data)
        assert response.status_code == 200 and f'id="{error}"' in response.get_data(as_text=True), data
    assert reports() == []


def test_extra_fields_cannot_set_the_decision_or_the_center(client, factories):
    center, other = factories.center(), factories.center()
    client.post(report_url(center), data={"kind": "moved", "details": DETAILS, "status": "accepted",
                                          "center_id": other.id, "decided_by_id": "1", "reporter_id": "1"})
    [report] = reports()
    assert (report.status, report.center_id, report.decided_by_id, report.reporter_id) == (
        "open", center.id, None, None)


def test_the_hidden_honeypot_field_catches_bots(client, factories):
    center = factories.center()
    response = client.post(report_url(center), data={"kind": "phone", "details": DETAILS, "website": "buy.example"})
    assert response.status_code == 302 and reports() == []


def test_reports_need_a_csrf_token(app, client, factories):
    app.config["WTF_CSRF_ENABLED"] = True
    center = factories.center()
    assert client.post(report_url(center), data={"kind": "phone", "details": DETAILS}).status_code == 400
    form = client.get(report_url(center)).get_data(as_text=True)
    token = form.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post(report_url(center), data={"kind": "phone", "details": DETAILS, "csrf_token": token})
    assert len(reports()) == 1


def test_reports_are_rate_limited(app, client, factories):
    app.config["RATELIMIT_CHANGE_REPORT"] = "2/hour"
    center = factories.center()
    for _ in range(2):
        assert client.post(report_url(center), data={"kind": "phone", "details": DETAILS}).status_code == 302
    refused = client.post(report_url(center), data={"kind": "phone", "details": DETAILS})
    assert refused.status_code == 429 and "Too many attempts" in refused.get_data(as_text=True)
    assert len(reports()) == 2
    assert client.get(report_url(center)).status_code == 200  # reading the form is not limited


def test_only_published_listings_take_reports(client, factories):
    for center in (factories.center(status="pending"), factories.center(status="suspended")):
        assert client.get(report_url(center)).status_code == 404
        assert client.post(report_url(center), data={"kind": "phone", "details": DETAILS}).status_code == 404
    assert client.get("/centers/no-such-center/report").status_code == 404


def test_the_owner_accepts_once_and_a_second_decision_is_refused(client, auth, factories):
    center = factories.center()
    owner = factories.manager(center)
    report = open_report(center)
    sign_in(auth, owner)
    base = f"/manage/centers/{center.slug}/reports"
    response = client.post(f"{base}/{report.id}/accept", data={"note": "Number updated"})
    assert response.status_code == 302 and response.location.endswith(base)
    assert "Report accepted" in client.get(base).get_data(as_text=True)
    again = client.post(f"{base}/{report.id}/dismiss", data={"note": ""}, follow_redirects=True)
    assert "already decided (accepted)" in again.get_data(as_text=True)
    [saved] = reports()
    assert (saved.status, saved.decision_note, saved.decided_by_id) == ("accepted", "Number updated", owner.id)
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.subject_type == "change_report")).all()
    assert [(entry.action, entry.actor_id, entry.note) for entry in audit] == [
        ("report.accepted", owner.id, "Number updated")]
    page = client.get(base).get_data(as_text=True)
    assert "Recently decided" in page and "No open reports" in page


def test_an_owner_cannot_reach_another_centers_report_through_their_own_slug(client, auth, factories):
    mine, theirs = factories.center(), factories.center()
    owner = factories.manager(mine)
    factories.manager(theirs)
    report = open_report(theirs)
    sign_in(auth, owner)
    for action in ("accept", "dismiss"):
        assert client.post(f"/manage/centers/{mine.slug}/reports/{report.id}/{action}").status_code == 404
    assert reports()[0].status == "open"


def test_a_long_note_is_refused_with_a_message(client, auth, factories):
    center = factories.center()
    report = open_report(center)
    sign_in(auth, factories.manager(center))
    page = client.post(f"/manage/centers/{center.slug}/reports/{report.id}/dismiss", data={"note": "x" * 501},
                       follow_redirects=True).get_data(as_text=True)
    assert "under 500 characters" in page and reports()[0].status == "open"


def test_admins_decide_reports_on_unclaimed_listings(client, auth, factories):
    unclaimed = factories.center(name="Unclaimed Spa")
    claimed = factories.center(name="Claimed Spa")
    factories.manager(claimed)
    on_unclaimed = open_report(unclaimed, "Moved to Zamzama, next to the bakery.")
    open_report(claimed, "Prices went up in January, menu outdated.")
    sign_in(auth, factories.user(role="admin"))
    page = client.get("/admin/reports").get_data(as_text=True)
    assert page.index("Unclaimed Spa") < page.index("Claimed Spa")
    assert "On unclaimed listings (1)" in page and "On listings with managers (1)" in page
    response = client.post(f"/admin/reports/{on_unclaimed.id}/dismiss", data={"note": "Address checked"})
    assert response.status_code == 302 and response.location.endswith("/admin/reports")
    assert "On unclaimed listings (0)" in client.get("/admin/reports").get_data(as_text=True)
    again = client.post(f"/admin/reports/{on_unclaimed.id}/accept", data={}, follow_redirects=True)
    assert "already decided (dismissed)" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "report.dismissed")) == 1
    assert client.post("/admin/reports/999999/accept").status_code == 404


def test_members_and_owners_are_refused_the_admin_queue(client, auth, factories):
    center = factories.center()
    report = open_report(center)
    assert "/accounts/login" in client.get("/admin/reports").location
    for user in (factories.user(), factories.manager(center)):
        sign_in(auth, user)
        assert client.get("/admin/reports").status_code == 403
        assert client.post(f"/admin/reports/{report.id}/accept").status_code == 403
    assert reports()[0].status == "open"
