"""Therapists and credentials as managers change them, and admins deciding credentials."""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import AuditEntry, Credential
from directory.services.credentials import CredentialError, credential_badge, reject_credential, verify_credential
from directory.services.therapists import (
    CredentialDetails,
    TherapistDetails,
    TherapistError,
    add_credential,
    add_therapist,
    get_credential,
    get_therapist,
    update_credential,
)

NOW = datetime(2026, 11, 3, 9, 30)


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_add_therapist_cleans_text_and_keeps_catalog_specialties(factories):
    center, swedish = factories.center(), factories.service(name="Swedish")
    owner = factories.manager(center)
    therapist = add_therapist(db.session, owner, center, TherapistDetails(
        name="  Ayesha\x00 K. ", gender="female", years_practice=7, bio="Trained in Bangkok.",
        specialty_ids=[swedish.id]), version=center.version)
    db.session.commit()
    assert therapist.name == "Ayesha K." and therapist.slug.startswith("ayesha-k-")
    assert [service.name for service in therapist.specialties] == ["Swedish"]
    assert actions() == ["therapist.added"] and center.version == 2


@pytest.mark.parametrize("details, field", [
    (TherapistDetails(name=""), "name"),
    (TherapistDetails(name="x" * 81), "name"),
    (TherapistDetails(name="A", gender="other"), "gender"),
    (TherapistDetails(name="A", years_practice=71), "years_practice"),
    (TherapistDetails(name="A", specialty_ids=[999_999]), "specialties"),
])
def test_bad_therapist_details_name_their_field(factories, details, field):
    center = factories.center()
    with pytest.raises(TherapistError) as refused:
        add_therapist(db.session, factories.manager(center), center, details, version=center.version)
    assert refused.value.field == field


def test_lookups_are_scoped_to_the_center(factories):
    mine, theirs = factories.center(), factories.center()
    their_therapist = factories.therapist(theirs)
    their_credential = factories.credential(their_therapist)
    assert get_therapist(db.session, mine.id, their_therapist.id) is None
    assert get_credential(db.session, mine.id, their_therapist.id, their_credential.id) is None
    assert get_credential(db.session, theirs.id, their_therapist.id, their_credential.id) == their_credential


def test_new_credentials_are_pending_and_dates_must_be_in_order(factories):
    center = factories.center()
    owner, therapist = factories.manager(center), factories.therapist(center)
    credential = add_credential(db.session, owner, center, therapist, CredentialDetails(
        kind="certification", issuer="CIDESCO", number="C-77", issued_on=date(2024, 1, 1),
        valid_until=date(2029, 1, 1)), version=center.version)
    assert credential.status == "pending"
    with pytest.raises(TherapistError) as refused:
        add_credential(db.session, owner, center, therapist, CredentialDetails(
            kind="certification", issuer="CIDESCO", issued_on=date(2024, 1, 1), valid_until=date(2023, 1, 1)),
            version=center.version)
    assert refused.value.field == "valid_until"
    with pytest.raises(TherapistError) as refused:
        add_credential(db.session, owner, center, therapist, CredentialDetails(kind="badge", issuer="CIDESCO"),
                       version=center.version)
    assert refused.value.field == "kind"


def test_changing_what_was_checked_sends_a_verified_credential_back_to_pending(factories):
    center = factories.center()
    owner, admin = factories.manager(center), factories.user(role="admin")
    credential = factories.credential(factories.therapist(center), issuer="ITEC", number="1")
    verify_credential(db.session, admin, credential, "issuer_lookup", now=NOW)
    db.session.commit()
    same = CredentialDetails(kind="certification", issuer="ITEC", number="1")
    assert update_credential(db.session, owner, center, credential, same, version=center.version) is False
    assert credential.status == "verified"
    assert update_credential(db.session, owner, center, credential,
                             CredentialDetails(kind="certification", issuer="ITEC", number="2"),
                             version=center.version) is True
    db.session.commit()
    assert credential.status == "pending" and credential.verified_at is None and credential.decided_by_id is None


def test_verify_records_who_when_and_how_and_the_badge_says_so(factories):
    center = factories.center()
    admin = factories.user(role="admin")
    credential = factories.credential(factories.therapist(center), issuer="CIDESCO",
                                      valid_until=date(2027, 6, 30))
    verify_credential(db.session, admin, credential, "document_reviewed", now=NOW)
    db.session.commit()
    assert (credential.status, credential.verification_method) == ("verified", "document_reviewed")
    assert credential.verified_at == credential.decided_at == NOW and credential.decided_by_id == admin.id
    badge = credential_badge(credential, date(2026, 11, 4))
    assert badge.label == "Verified certification: CIDESCO"
    assert badge.explanation == ("Sukoon checked this certification from CIDESCO (document reviewed) on 3 Nov 2026; "
                                 "valid until 30 Jun 2027.")
    assert credential_badge(credential, date(2027, 7, 1)).label == "Credential expired"
    assert actions() == ["credential.verified"]


def test_decisions_are_refused_when_they_make_no_sense(factories):
    center = factories.center()
    admin, owner = factories.user(role="admin"), factories.manager(center)
    therapist = factories.therapist(center)
    lapsed = factories.credential(therapist, valid_until=date.today() - timedelta(days=2))
    with pytest.raises(CredentialError, match="expired"):
        verify_credential(db.session, admin, lapsed, "phone_call")
    db.session.rollback()
    fresh = factories.credential(therapist)
    with pytest.raises(CredentialError, match="how you checked"):
        verify_credential(db.session, admin, fresh, "gut_feeling")
    with pytest.raises(CredentialError, match="Only administrators"):
        verify_credential(db.session, owner, fresh, "phone_call")
    with pytest.raises(CredentialError, match="at least 10"):
        reject_credential(db.session, admin, fresh, "no")
    reject_credential(db.session, admin, fresh, "The register has no such number.")
    db.session.commit()
    with pytest.raises(CredentialError, match="already been decided"):
        verify_credential(db.session, admin, fresh, "phone_call")
    db.session.rollback()
    assert db.session.get(Credential, fresh.id).rejection_reason == "The register has no such number."


def test_search_hits_carry_the_owner_managed_flag_in_the_same_query(factories):
    from directory.services.search import SearchQuery, search

    claimed, unclaimed = factories.center(name="Claimed"), factories.center(name="Unclaimed")
    factories.manager(claimed)
    result = search(db.session, SearchQuery(), geocode=lambda _text: None, timezone="Asia/Karachi")
    hits = {hit.center.id: hit for hit in result.hits}
    assert hits[claimed.id].managed and not hits[unclaimed.id].managed
