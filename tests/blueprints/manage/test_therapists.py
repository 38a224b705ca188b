"""Managers keep their therapists and credentials: forms, statuses, what owners cannot set, and another owner's 404s."""
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import AuditEntry, CenterManager, Credential, EvidenceFile, Therapist

from ...images import PDF, TEXT, form_file
from ...reviewing import center_page, sign_in


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")


@pytest.fixture
def center(factories):
    return factories.center(name="The Royal Spa", slug="the-royal-spa")


@pytest.fixture
def owner(factories, center, auth):
    user = factories.manager(center)
    sign_in(auth, user)
    return user


def base(center) -> str:
    return f"/manage/centers/{center.slug}/therapists"


def version(center) -> str:
    db.session.refresh(center)
    return str(center.version)


def credential_data(center, **overrides) -> dict:
    return {"kind": "certification", "issuer": "CIDESCO", "number": "C-1024", "issued_on": "2024-02-01",
            "valid_until": "2029-02-01", "version": version(center), **overrides}


def text(response) -> str:
    return response.get_data(as_text=True)


def test_owner_adds_a_therapist_with_specialties_and_sees_them(client, factories, center, owner):
    swedish = factories.service(name="Swedish")
    form = text(client.get(f"{base(center)}/new"))
    for label in (">Name</label>", ">Gender</label>", ">Years of practice</label>", "<legend>Specialties"):
        assert label in form
    response = client.post(f"{base(center)}/new", data={
        "name": "Ayesha Khan", "gender": "female", "years_practice": "8", "bio": "Thai and Swedish.",
        "specialties": [str(swedish.id)], "version": version(center), "center_id": "999", "user_id": "1"})
    assert response.status_code == 302 and response.location.endswith(base(center))
    therapist = db.session.scalar(select(Therapist))
    assert therapist.center_id == center.id and therapist.user_id is None
    assert [s.name for s in therapist.specialties] == ["Swedish"]
    listing = text(client.get(base(center)))
    assert "Ayesha Khan" in listing and "8 years of practice" in listing and "Swedish" in listing
    assert "Ayesha Khan" in center_page(client, center)


@pytest.mark.parametrize("data, field, message", [
    ({"name": "", "gender": "female", "years_practice": "3"}, "name", "Enter the therapist"),
    ({"name": "Sara", "gender": "female", "years_practice": "99"}, "years_practice", "from 0 to 70"),
    ({"name": "Sara", "gender": "female", "years_practice": "many"}, "years_practice", ""),
    ({"name": "Sara", "gender": "robot", "years_practice": "3"}, "gender", ""),
    ({"name": "Sara", "gender": "female", "years_practice": "3", "specialties": "abc"}, "specialties", ""),
])
def test_bad_therapist_input_is_a_form_error(client, center, owner, data, field, message):
    response = client.post(f"{base(center)}/new", data={**data, "version": version(center)})
    assert response.status_code == 200 and f'id="{field}-error"' in text(response) and message in text(response)
    assert db.session.scalar(select(func.count()).select_from(Therapist)) == 0


def test_owner_adds_a_credential_it_stays_pending_whatever_extra_fields_say(client, factories, center, owner):
    therapist = factories.therapist(center, name="Ayesha")
    response = client.post(f"{base(center)}/{therapist.id}/credentials/new", data=credential_data(
        center, status="verified", verified_at="2026-01-01 00:00:00", verification_method="phone_call",
        decided_by_id=str(owner.id), therapist_id="12345"))
    assert response.status_code == 302
    credential = db.session.scalar(select(Credential))
    assert (credential.status, credential.verified_at, credential.verification_method) == ("pending", None, None)
    assert credential.therapist_id == therapist.id and credential.valid_until == date(2029, 2, 1)
    assert "Pending verification" in text(client.get(base(center)))
    assert "Pending verification" in center_page(client, center)
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == "credential.added"


@pytest.mark.parametrize("overrides, field", [
    ({"valid_until": "2020-01-01"}, "valid_until"),
    ({"issued_on": "31/02/2024"}, "issued_on"),
    ({"issuer": "X"}, "issuer"),
    ({"kind": "vip"}, "kind"),
    ({"issued_on": "2999-01-01", "valid_until": "2999-02-01"}, "issued_on"),
])
def test_bad_credential_input_is_a_form_error(client, factories, center, owner, overrides, field):
    therapist = factories.therapist(center)
    response = client.post(f"{base(center)}/{therapist.id}/credentials/new",
                           data=credential_data(center, **overrides))
    assert response.status_code == 200 and f'id="{field}-error"' in text(response)
    assert db.session.scalar(select(func.count()).select_from(Credential)) == 0


def test_evidence_document_is_stored_and_a_fake_one_refused(client, factories, center, owner):
    therapist = factories.therapist(center)
    url = f"{base(center)}/{therapist.id}/credentials/new"
    refused = client.post(url, data={**credential_data(center), "evidence": form_file(TEXT, "certificate.pdf")})
    assert refused.status_code == 200 and 'id="evidence-error"' in text(refused)
    assert db.session.scalar(select(func.count()).select_from(Credential)) == 0
    response = client.post(url, data={**credential_data(center), "evidence": form_file(PDF, "cidesco.pdf")})
    assert response.status_code == 302
    credential = db.session.scalar(select(Credential))
    evidence = db.session.get(EvidenceFile, credential.evidence_file_id)
    assert evidence.content_type == "application/pdf" and evidence.center_id == center.id
    assert "Document attached" in text(client.get(base(center)))


def test_editing_what_was_checked_sends_a_verified_credential_back_to_pending(client, factories, center, owner):
    credential = factories.credential(factories.therapist(center), status="verified", issuer="CIDESCO",
                                      number="C-1", verification_method="issuer_lookup",
                                      verified_at=datetime(2026, 1, 2))
    url = f"{base(center)}/{credential.therapist_id}/credentials/{credential.id}/edit"
    form = text(client.get(url))
    assert "sends it back to" in form and "Pending verification" in form
    same = client.post(url, data=credential_data(center, number="C-1", issued_on="", valid_until=""))
    assert same.status_code == 302 and db.session.get(Credential, credential.id).status == "verified"
    changed = client.post(url, data=credential_data(center, number="C-2", issued_on="", valid_until="",
                                                    status="verified"), follow_redirects=True)
    assert "pending verification again" in text(changed)
    db.session.refresh(credential)
    assert credential.status == "pending" and credential.verified_at is None and credential.number == "C-2"


def test_rejection_reason_is_shown_to_the_owner_only(client, factories, center, owner):
    factories.credential(factories.therapist(center), status="rejected", issuer="Made-up Academy",
                         rejection_reason="The academy has no record of this certificate.")
    assert "The academy has no record of this certificate." in text(client.get(base(center)))
    public = center_page(client, center)
    assert "no record of this certificate" not in public and "Made-up Academy" not in public


def test_a_stale_form_is_refused_with_a_clear_message(client, factories, center, owner):
    therapist = factories.therapist(center, name="Before")
    url = f"{base(center)}/{therapist.id}/edit"
    seen = version(center)
    first = client.post(url, data={"name": "First save", "gender": "female", "years_practice": "2", "version": seen})
    assert first.status_code == 302
    second = client.post(url, data={"name": "Second save", "gender": "male", "years_practice": "3", "version": seen})
    assert second.status_code == 409 and "Someone else saved changes" in text(second)
    assert 'value="First save"' in text(second)  # the form shows the current details
    assert db.session.get(Therapist, therapist.id).name == "First save"
    removed = client.post(f"{url.rsplit('/', 1)[0]}/delete", data={"version": seen})
    assert removed.status_code == 409 and db.session.get(Therapist, therapist.id) is not None


def test_owner_removes_a_credential_and_a_therapist(client, factories, center, owner):
    therapist = factories.therapist(center, name="Leaving")
    credential_id, therapist_id = factories.credential(therapist).id, therapist.id
    one = f"{base(center)}/{therapist_id}"
    assert client.post(f"{one}/credentials/{credential_id}/delete", data={"version": version(center)}).status_code \
        == 302
    assert db.session.scalar(select(Credential).where(Credential.id == credential_id)) is None
    removed = client.post(f"{one}/delete", data={"version": version(center)}, follow_redirects=True)
    assert "Leaving removed" in text(removed)
    assert db.session.scalar(select(Therapist).where(Therapist.id == therapist_id)) is None
    assert "Leaving" not in center_page(client, center)


def test_another_owner_gets_404_for_every_therapist_and_credential_route(client, auth, factories, center):
    therapist = factories.therapist(center, name="Not yours")
    credential = factories.credential(therapist)
    mine = factories.center()
    sign_in(auth, factories.manager(mine))
    own = f"/manage/centers/{mine.slug}/therapists/{therapist.id}"  # my center's slug, their ids
    theirs = f"{base(center)}/{therapist.id}"
    data = {**credential_data(mine), "name": "Taken", "gender": "male", "years_practice": "1"}
    for prefix in (own, theirs):
        for path in ("/edit", f"/credentials/{credential.id}/edit", "/credentials/new"):
            assert client.get(prefix + path).status_code == 404
            assert client.post(prefix + path, data=data).status_code == 404
        for path in ("/delete", f"/credentials/{credential.id}/delete"):
            assert client.post(prefix + path, data=data).status_code == 404
    for url in (base(center), f"{base(center)}/new"):
        assert client.get(url).status_code == 404
    db.session.refresh(therapist)
    assert therapist.name == "Not yours" and db.session.get(Credential, credential.id).issuer == "ITEC"


def test_a_credential_of_another_therapist_of_the_same_center_is_404(client, factories, center, owner):
    first, second = factories.therapist(center), factories.therapist(center)
    credential = factories.credential(first)
    assert client.get(f"{base(center)}/{second.id}/credentials/{credential.id}/edit").status_code == 404


def test_members_get_404_and_visitors_are_sent_to_log_in(client, auth, factories, center):
    therapist = factories.therapist(center)
    response = client.get(base(center))
    assert response.status_code == 302 and "/accounts/login" in response.location
    sign_in(auth, factories.user())
    for url in (base(center), f"{base(center)}/new", f"{base(center)}/{therapist.id}/edit"):
        assert client.get(url).status_code == 404


def test_the_nav_links_to_therapists_and_the_page_shows_statuses(client, factories, center, owner):
    therapist = factories.therapist(center, name="Zara")
    factories.credential(therapist, status="verified", kind="licence", issuer="Sindh Healthcare Commission",
                         verification_method="document_reviewed", verified_at=datetime(2026, 3, 1))
    factories.credential(therapist, status="verified", issuer="ITEC", valid_until=date(2020, 1, 1),
                         verification_method="phone_call")
    page = text(client.get(base(center)))
    assert 'aria-current="page">Therapists</a>' in page
    assert "Verified</span>" in page and "Document reviewed on 2026-03-01" in page
    assert "Credential expired" in page


def test_a_manager_removed_from_the_center_loses_the_documents_they_uploaded(client, factories, center, owner):
    therapist = factories.therapist(center)
    client.post(f"{base(center)}/{therapist.id}/credentials/new",
                data={**credential_data(center), "evidence": form_file(PDF, "cidesco.pdf")})
    evidence = db.session.get(EvidenceFile, db.session.scalar(select(Credential)).evidence_file_id)
    url = f"/manage/evidence/{evidence.file_key}"
    assert evidence.uploaded_by_id == owner.id and client.get(url).status_code == 200
    db.session.execute(CenterManager.__table__.delete().where(CenterManager.user_id == owner.id))
    db.session.commit()
    assert client.get(url).status_code == 404  # no longer a manager: uploading it grants nothing
