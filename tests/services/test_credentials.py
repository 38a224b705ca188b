"""Badges follow the credential's dates: expiry needs nobody to edit anything."""
from datetime import date, datetime, timedelta

from sqlalchemy import select

from directory.models import Center
from directory.services.credentials import (
    center_badges,
    credential_badge,
    listing_is_stale,
)
from directory.services.search_filters import verified_condition

TODAY = date(2026, 11, 21)


def test_verified_credential_reads_verified_until_its_last_day(factories):
    center = factories.center()
    credential = factories.credential(factories.therapist(center), status="verified", kind="certification",
                                      issuer="CIDESCO", valid_until=TODAY, verification_method="issuer_lookup",
                                      verified_at=datetime(2026, 1, 5))
    badge = credential_badge(credential, TODAY)
    assert badge.label == "Verified certification: CIDESCO" and badge.tone == "verified"
    assert badge.explanation == ("Sukoon checked this certification from CIDESCO (checked with the issuing body) "
                                 "on 5 Jan 2026; valid until 21 Nov 2026.")


def test_verified_credential_reads_expired_the_day_after(factories):
    credential = factories.credential(factories.therapist(factories.center()), status="verified",
                                      valid_until=TODAY - timedelta(days=1), verification_method="phone_call")
    badge = credential_badge(credential, TODAY)
    assert badge.label == "Credential expired" and badge.tone == "expired"
    assert credential.status == "verified"  # nobody edited it


def test_pending_and_licence_labels(factories):
    therapist = factories.therapist(factories.center())
    pending = factories.credential(therapist, status="pending")
    licence = factories.credential(therapist, status="verified", kind="licence", issuer="Sindh Healthcare Commission",
                                   verification_method="document_reviewed")
    assert credential_badge(pending, TODAY).label == "Pending verification"
    assert credential_badge(licence, TODAY).label == "Verified licence"


def test_rejected_credentials_are_not_shown_publicly(factories):
    rejected = factories.credential(factories.therapist(factories.center()), status="rejected")
    assert credential_badge(rejected, TODAY) is None


def test_center_gets_verified_therapists_only_with_a_current_verified_credential(factories, app):
    from directory.extensions import db

    current, lapsed, unverified = factories.center(), factories.center(), factories.center()
    factories.credential(factories.therapist(current), status="verified", valid_until=TODAY + timedelta(days=30))
    factories.credential(factories.therapist(lapsed), status="verified", valid_until=TODAY - timedelta(days=1))
    factories.credential(factories.therapist(unverified), status="pending")
    ids = [current.id, lapsed.id, unverified.id]
    with_verified = select(Center.id).where(Center.id.in_(ids), verified_condition(TODAY))
    assert set(db.session.scalars(with_verified)) == {current.id}


def test_recently_confirmed_and_stale_listing(factories):
    fresh = factories.center(confirmed_at=datetime(2026, 10, 1))
    old = factories.center(confirmed_at=datetime(2026, 3, 1))
    never = factories.center(confirmed_at=None)
    assert [b.label for b in center_badges(fresh, TODAY, False)] == ["Recently confirmed"]
    assert center_badges(old, TODAY, False) == []
    assert not listing_is_stale(fresh, TODAY)
    assert listing_is_stale(old, TODAY) and listing_is_stale(never, TODAY)


def test_owner_managed_badge_follows_the_managers(factories, app):
    from directory.extensions import db
    from directory.services.credentials import is_owner_managed

    claimed, unclaimed = factories.center(confirmed_at=None), factories.center(confirmed_at=None)
    factories.manager(claimed)
    assert is_owner_managed(db.session, claimed.id) and not is_owner_managed(db.session, unclaimed.id)
    labels = [b.label for b in center_badges(claimed, TODAY, True, owner_managed=True)]
    assert labels == ["Verified therapists", "Owner-managed"]
