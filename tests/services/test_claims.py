"""Claims service: who may claim, one pending claim each, approval makes a manager, rejection needs a reason."""
import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import AuditEntry, CenterClaim, CenterManager
from directory.services.access import has_conflict, manages
from directory.services.claims import ClaimError, approve_claim, pending_by_center, reject_claim, submit_claim

EVIDENCE = "The business phone on the listing rings at my desk."


def submit(user, center, role="owner", evidence=EVIDENCE) -> CenterClaim:
    claim = submit_claim(db.session, user, center, role, evidence)
    db.session.commit()
    return claim


def test_a_verified_member_submits_a_pending_claim(factories):
    center, user = factories.center(), factories.user()
    claim = submit(user, center, "manager")
    assert claim.status == "pending" and claim.role_at_center == "manager" and claim.evidence == EVIDENCE
    assert user.role == "member"  # owner only on approval
    assert has_conflict(db.session, user, center.id)  # a pending claimant may not review the center


def test_a_second_pending_claim_on_the_same_center_is_refused(factories):
    center, user = factories.center(), factories.user()
    submit(user, center)
    with pytest.raises(ClaimError, match="already have a claim"):
        submit(user, center)
    submit(user, factories.center())  # another center is fine


@pytest.mark.parametrize("who, message", [("unverified", "Confirm your email"), ("manager", "already manage"),
                                          ("admin", "Administrators")])
def test_unverified_users_managers_and_admins_cannot_claim(factories, who, message):
    center = factories.center()
    user = {"unverified": lambda: factories.user(verified=False), "manager": lambda: factories.manager(center),
            "admin": lambda: factories.user(role="admin")}[who]()
    with pytest.raises(ClaimError, match=message):
        submit(user, center)
    assert db.session.scalars(select(CenterClaim)).all() == []


@pytest.mark.parametrize("role, evidence, field", [
    ("owner", "too short", "evidence"), ("owner", "x" * 1001, "evidence"), ("boss", EVIDENCE, "role_at_center")])
def test_bad_input_is_refused(factories, role, evidence, field):
    with pytest.raises(ClaimError) as error:
        submit(factories.user(), factories.center(), role, evidence)
    assert error.value.field == field


def test_unpublished_centers_cannot_be_claimed(factories):
    with pytest.raises(ClaimError, match="published"):
        submit(factories.user(), factories.center(status="deleted"))


def test_approval_makes_the_claimant_an_owner_and_a_manager(factories):
    center, user, admin = factories.center(), factories.user(), factories.user(role="admin")
    claim = submit(user, center)
    approve_claim(db.session, admin, claim, "Phone matched")
    db.session.commit()
    assert claim.status == "approved" and claim.decided_by_id == admin.id and claim.decided_at is not None
    assert user.role == "owner" and manages(db.session, user, center.id)
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.subject_type, entry.subject_id, entry.actor_id) == ("claim.approved", "claim",
                                                                                     claim.id, admin.id)
    assert "Phone matched" in entry.note
    with pytest.raises(ClaimError, match="already been decided"):
        reject_claim(db.session, admin, claim, "Changed my mind")


def test_an_owner_of_another_center_keeps_their_role_and_gains_a_center(factories):
    center, admin = factories.center(), factories.user(role="admin")
    owner = factories.manager(factories.center())
    approve_claim(db.session, admin, submit(owner, center))
    db.session.commit()
    assert owner.role == "owner" and manages(db.session, owner, center.id)


def test_rejection_needs_a_reason_the_claimant_sees(factories):
    center, user, admin = factories.center(), factories.user(), factories.user(role="admin")
    claim = submit(user, center)
    for reason in ("", "no", "x" * 501):
        with pytest.raises(ClaimError):
            reject_claim(db.session, admin, claim, reason)
    reject_claim(db.session, admin, claim, "The phone number did not match")
    db.session.commit()
    assert claim.status == "rejected" and claim.decision_reason == "The phone number did not match"
    assert user.role == "member" and not manages(db.session, user, center.id)
    assert not has_conflict(db.session, user, center.id)
    assert db.session.scalars(select(AuditEntry.action)).all() == ["claim.rejected"]
    submit(user, center)  # may try again with better evidence


def test_only_admins_decide(factories):
    center = factories.center()
    claim = submit(factories.user(), center)
    with pytest.raises(ClaimError, match="Only administrators"):
        approve_claim(db.session, factories.manager(center), claim)
    with pytest.raises(ClaimError, match="Only administrators"):
        reject_claim(db.session, factories.user(), claim, "Not you")


def test_several_claimants_are_decided_one_by_one(factories):
    center, other, admin = factories.center(), factories.center(), factories.user(role="admin")
    first, second, third = (submit(factories.user(), center) for _ in range(3))
    submit(factories.user(), other)
    groups = pending_by_center(db.session)
    assert [(g.center.id, len(g.claims), g.managers) for g in groups] == [(center.id, 3, 0), (other.id, 1, 0)]
    approve_claim(db.session, admin, first)
    db.session.commit()
    assert second.status == third.status == "pending"  # not auto-rejected: the admin decides
    [group, _] = pending_by_center(db.session)
    assert len(group.claims) == 2 and group.managers == 1
    approve_claim(db.session, admin, second)
    reject_claim(db.session, admin, third, "Already managed by the owner team")
    db.session.commit()
    managers = db.session.scalars(select(CenterManager.user_id).where(CenterManager.center_id == center.id)).all()
    assert sorted(managers) == sorted([first.user_id, second.user_id])
    assert [g.center.id for g in pending_by_center(db.session)] == [other.id]
    assert len(db.session.scalars(select(AuditEntry)).all()) == 3
