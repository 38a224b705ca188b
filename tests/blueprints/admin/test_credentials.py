"""The admin credential queue: oldest first with everything needed to check; verify with a method or reject."""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from directory.blueprints.uploads import upload_limits as limits
from directory.extensions import db
from directory.models import AuditEntry, Credential
from directory.models.base import utcnow
from directory.services.evidence import store_evidence

from ...images import PDF, upload
from ...reviewing import center_page, sign_in

QUEUE = "/admin/credentials"


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")


@pytest.fixture
def center(factories):
    return factories.center(name="The Royal Spa", slug="the-royal-spa", email="desk@royalspa.example")


@pytest.fixture
def admin(factories, auth):
    user = factories.user(role="admin")
    sign_in(auth, user)
    return user


def text(response) -> str:
    return response.get_data(as_text=True)


def test_queue_lists_pending_credentials_oldest_first_with_what_to_check(client, factories, center, admin):
    therapist = factories.therapist(center, name="Ayesha Khan")
    newer = factories.credential(therapist, issuer="ITEC", number="I-2", created_at=utcnow())
    older = factories.credential(therapist, issuer="CIDESCO", number="C-1", issued_on=date(2024, 1, 1),
                                 valid_until=date(2030, 1, 1), created_at=utcnow() - timedelta(days=3))
    older.evidence_file_id = store_evidence(db.session, upload(PDF, "cidesco.pdf"), limits(), center_id=center.id,
                                            uploader=admin).id
    factories.credential(therapist, issuer="Already Decided", status="verified")
    db.session.commit()
    page = text(client.get(QUEUE))
    assert page.index("CIDESCO") < page.index("ITEC") and "Already Decided" not in page
    for shown in ("Ayesha Khan", "The Royal Spa", "C-1", "2024-01-01", "2030-01-01", "desk@royalspa.example",
                  "+92 21 3583 0000", "cidesco.pdf", "/manage/evidence/", "Issuer lookup", "Document reviewed",
                  "Phone call"):
        assert shown in page, shown
    assert f"/admin/credentials/{newer.id}/verify" in page


def test_verify_shows_the_badge_with_who_how_and_when(client, factories, center, admin):
    credential = factories.credential(factories.therapist(center), issuer="CIDESCO", valid_until=date(2031, 5, 1))
    response = client.post(f"{QUEUE}/{credential.id}/verify", data={"method": "document_reviewed"},
                           follow_redirects=True)
    assert "Credential verified" in text(response)
    db.session.refresh(credential)
    assert credential.status == "verified" and credential.decided_by_id == admin.id
    assert credential.verification_method == "document_reviewed" and credential.verified_at is not None
    page = center_page(client, center)
    assert "Verified certification: CIDESCO" in page and "(document reviewed) on" in page
    assert "valid until 1 May 2031" in page and "Verified therapists" in page
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "credential.verified"))
    assert entry.actor_id == admin.id and entry.subject_id == credential.id


def test_verify_needs_a_method_and_refuses_expired_and_decided_credentials(client, factories, center, admin):
    therapist = factories.therapist(center)
    credential = factories.credential(therapist)
    no_method = client.post(f"{QUEUE}/{credential.id}/verify", data={"method": ""}, follow_redirects=True)
    assert "Choose how you checked" in text(no_method)
    made_up = client.post(f"{QUEUE}/{credential.id}/verify", data={"method": "vibes"}, follow_redirects=True)
    assert made_up.status_code == 200 and db.session.get(Credential, credential.id).status == "pending"
    lapsed = factories.credential(therapist, valid_until=date.today() - timedelta(days=3))
    refused = client.post(f"{QUEUE}/{lapsed.id}/verify", data={"method": "phone_call"}, follow_redirects=True)
    assert "cannot be verified" in text(refused) and db.session.get(Credential, lapsed.id).status == "pending"
    client.post(f"{QUEUE}/{credential.id}/verify", data={"method": "phone_call"})
    again = client.post(f"{QUEUE}/{credential.id}/reject", data={"reason": "Changed my mind about it."},
                        follow_redirects=True)
    assert "already been decided" in text(again) and db.session.get(Credential, credential.id).status == "verified"


def test_reject_needs_a_reason_the_owner_then_sees(client, auth, factories, center, admin):
    credential = factories.credential(factories.therapist(center), issuer="Made-up Academy")
    short = client.post(f"{QUEUE}/{credential.id}/reject", data={"reason": "no"}, follow_redirects=True)
    assert "10 to 500 characters" in text(short) and db.session.get(Credential, credential.id).status == "pending"
    long = client.post(f"{QUEUE}/{credential.id}/reject", data={"reason": "x" * 501}, follow_redirects=True)
    assert long.status_code == 200 and db.session.get(Credential, credential.id).status == "pending"
    client.post(f"{QUEUE}/{credential.id}/reject", data={"reason": "The academy has no record of this number."})
    db.session.refresh(credential)
    assert credential.status == "rejected" and credential.decided_at is not None
    sign_in(auth, factories.manager(center))
    owner_view = text(client.get(f"/manage/centers/{center.slug}/therapists"))
    assert "The academy has no record of this number." in owner_view and "Rejected" in owner_view
    assert "Made-up Academy" not in center_page(client, center)


def test_expired_verified_credential_reads_expired_on_the_public_page(client, factories, center):
    factories.credential(factories.therapist(center), status="verified", issuer="ITEC",
                         valid_until=date.today() - timedelta(days=40), verification_method="phone_call",
                         verified_at=datetime(2024, 1, 1))
    page = center_page(client, center)
    assert "Credential expired" in page and "Verified certification" not in page and "Verified therapists" not in page


def test_non_admins_get_403_and_an_unknown_credential_404(client, auth, factories, center):
    credential = factories.credential(factories.therapist(center))
    for user in (factories.user(), factories.manager(center)):
        sign_in(auth, user)
        assert client.get(QUEUE).status_code == 403
        assert client.post(f"{QUEUE}/{credential.id}/verify", data={"method": "phone_call"}).status_code == 403
    sign_in(auth, factories.user(role="admin"))
    assert client.post(f"{QUEUE}/999999/verify", data={"method": "phone_call"}).status_code == 404


def test_badges_page_explains_every_badge_and_is_linked(client, factories, center):
    page = text(client.get("/badges"))
    for label in ("Verified licence", "Verified certification", "Credential expired", "Pending verification",
                  "Verified therapists", "Owner-managed", "Recently confirmed", "Verified visit",
                  "Not confirmed for 180 days"):
        assert label in page, label
    factories.manager(center)
    center_html = center_page(client, center)
    assert 'href="/badges"' in center_html and "Owner-managed" in center_html
    assert 'href="/badges"' in text(client.get("/guide/"))
