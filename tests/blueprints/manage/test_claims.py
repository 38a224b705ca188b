"""Claim pages: claim a listing, follow it, admins compare evidence with the listing and decide."""
from sqlalchemy import select

from directory.extensions import db
from directory.models import AuditEntry, CenterClaim
from directory.services.access import manages

from ...reviewing import BODY, sign_in

EVIDENCE = "Call the listed number +92 21 3583 0000 and ask for me."


def claim_url(center) -> str:
    return f"/manage/centers/{center.slug}/claim"


def claims(center) -> list[CenterClaim]:
    return db.session.scalars(select(CenterClaim).where(CenterClaim.center_id == center.id)).all()


def test_the_center_page_links_to_the_claim_form(client, factories):
    center = factories.center()
    page = client.get(f"/centers/{center.slug}").get_data(as_text=True)
    assert claim_url(center) in page and "Claim this listing" in page


def test_anonymous_visitors_are_sent_to_log_in(client, factories):
    center = factories.center()
    for url in (claim_url(center), "/manage/claims"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response.location


def test_a_member_claims_and_follows_the_claim(client, auth, factories):
    center = factories.center(name="The Royal Spa")
    sign_in(auth, factories.user())
    form = client.get(claim_url(center)).get_data(as_text=True)
    assert ">Your role at the center</label>" in form and ">How we can verify your claim</label>" in form
    response = client.post(claim_url(center), data={"role_at_center": "manager", "evidence": EVIDENCE})
    assert response.status_code == 302 and response.location.endswith("/manage/claims")
    [claim] = claims(center)
    assert claim.status == "pending" and claim.role_at_center == "manager"
    page = client.get("/manage/claims").get_data(as_text=True)
    assert "The Royal Spa" in page and "Waiting for review" in page and "Manager" in page
    again = client.get(claim_url(center)).get_data(as_text=True)
    assert "already have a claim" in again and "<textarea" not in again
    client.post(claim_url(center), data={"role_at_center": "owner", "evidence": EVIDENCE})
    assert len(claims(center)) == 1
    # a pending claimant may not review the center
    assert client.get(f"/centers/{center.slug}/reviews/new").status_code == 403


def test_bad_evidence_is_shown_next_to_its_field(client, auth, factories):
    center = factories.center()
    sign_in(auth, factories.user())
    response = client.post(claim_url(center), data={"role_at_center": "owner", "evidence": "trust me"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="evidence-error"' in page and claims(center) == []


def test_unverified_members_are_refused(client, auth, factories):
    center = factories.center()
    sign_in(auth, factories.user(verified=False))
    response = client.get(claim_url(center))
    assert response.status_code == 403 and "Confirm your email" in response.get_data(as_text=True)
    assert client.post(claim_url(center), data={"role_at_center": "owner", "evidence": EVIDENCE}).status_code == 403
    assert claims(center) == []


def test_managers_are_refused(client, auth, factories):
    center = factories.center()
    sign_in(auth, factories.manager(center))
    response = client.post(claim_url(center), data={"role_at_center": "owner", "evidence": EVIDENCE})
    assert "already manage" in response.get_data(as_text=True) and claims(center) == []


def test_unpublished_or_unknown_centers_are_404(client, auth, factories):
    sign_in(auth, factories.user())
    assert client.get(claim_url(factories.center(status="deleted"))).status_code == 404
    assert client.get("/manage/centers/no-such-center/claim").status_code == 404


def test_admin_compares_evidence_and_decides_several_claims(client, auth, factories):
    center = factories.center(name="Contested Spa", email="desk@contested.example", phone="+92 21 1111 2222")
    first, second, third = factories.user(), factories.user(), factories.user()
    for user in (first, second, third):
        sign_in(auth, user)
        client.post(claim_url(center), data={"role_at_center": "owner", "evidence": f"{EVIDENCE} ({user.id})"})
    admin = factories.user(role="admin")
    sign_in(auth, admin)
    assert 'href="/admin/claims"' in client.get("/admin/moderation").get_data(as_text=True)
    page = client.get("/admin/claims").get_data(as_text=True)
    assert "Contested Spa" in page and "desk@contested.example" in page and "+92 21 1111 2222" in page
    assert "3 people claim this center" in page and page.count(EVIDENCE) == 3
    [c1, c2, c3] = sorted(claims(center), key=lambda c: c.user_id)
    client.post(f"/admin/claims/{c1.id}/approve", data={"reason": ""})
    db.session.refresh(c2)
    assert manages(db.session, first, center.id) and c2.status == "pending"
    page = client.get("/admin/claims").get_data(as_text=True)
    assert "2 people claim this center" in page and "1 approved manager already" in page
    response = client.post(f"/admin/claims/{c3.id}/reject", data={"reason": ""})
    assert response.status_code == 302
    db.session.refresh(c3)
    assert c3.status == "pending"
    client.post(f"/admin/claims/{c3.id}/reject", data={"reason": "The owner team is already approved"})
    client.post(f"/admin/claims/{c2.id}/approve", data={"reason": "Phone matched"})
    assert "No claims waiting" in client.get("/admin/claims").get_data(as_text=True)
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["claim.approved", "claim.rejected", "claim.approved"]
    db.session.refresh(first)
    assert first.role == "owner"
    sign_in(auth, third)
    mine = client.get("/manage/claims").get_data(as_text=True)
    assert "Rejected" in mine and "The owner team is already approved" in mine
    assert client.get(f"/centers/{center.slug}/reviews/new").status_code == 200  # no longer a conflict
    sign_in(auth, first)
    assert client.get(f"/manage/centers/{center.slug}/visit-codes").status_code == 200
    assert "Approved" in client.get("/manage/claims").get_data(as_text=True)


def test_non_admins_cannot_see_the_claims_queue(client, auth, factories):
    sign_in(auth, factories.user())
    assert client.get("/admin/claims").status_code == 403
    assert client.post("/admin/claims/999/approve").status_code == 403


def test_unknown_claims_are_404_for_admins(client, auth, factories):
    sign_in(auth, factories.user(role="admin"))
    assert client.post("/admin/claims/999/approve").status_code == 404
    assert client.post("/admin/claims/999/reject", data={"reason": BODY}).status_code == 404
