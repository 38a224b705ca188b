"""Visit codes: issued by managers, hashed, expiring, single use, for one center."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import AuditEntry, VisitCode
from directory.models.base import utcnow
from directory.services.reviews.authoring import post_review
from directory.services.reviews.rules import ReviewError
from directory.services.reviews.visit_codes import hash_code, issue_codes, recent_codes

from ..reviewing import BODY, review_data, visit_code
from .test_review_actions import refused

CODE_SHAPE = re.compile(r"^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$")


def test_issued_codes_are_short_random_hashed_expiring_and_audited(factories):
    center = factories.center()
    manager, now = factories.manager(center), utcnow()
    codes = issue_codes(db.session, manager, center, 5, "March walk-ins", now=now)
    db.session.commit()
    assert len(set(codes)) == 5 and all(CODE_SHAPE.match(code) for code in codes)
    stored = recent_codes(db.session, center.id)
    assert {row.code_hash for row in stored} == {hash_code(code) for code in codes}
    assert all(row.expires_at == now + timedelta(days=30) and row.label == "March walk-ins" for row in stored)
    assert not any(code.replace("-", "") in row.code_hash for code in codes for row in stored)
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.action, entry.subject_type, entry.subject_id, entry.actor_id) == \
        ("visit_codes.issued", "center", center.id, manager.id)


def test_only_managers_issue_codes_and_batches_are_capped(factories):
    center = factories.center()
    refused(lambda: issue_codes(db.session, factories.manager(factories.center()), center, 1), "Only the center's")
    refused(lambda: issue_codes(db.session, factories.user(), center, 1), "Only the center's")
    manager = factories.manager(center)
    refused(lambda: issue_codes(db.session, manager, center, 0), "between 1 and 50")
    refused(lambda: issue_codes(db.session, manager, center, 51), "between 1 and 50")
    assert db.session.scalar(select(func.count(VisitCode.id))) == 0


def test_a_valid_code_verifies_the_visit_and_is_spent(factories):
    center = factories.center()
    code = visit_code(db.session, center, factories.manager(center))
    typed = code.lower().replace("-", " ")  # read aloud, typed loosely
    review = post_review(db.session, factories.user(), center, review_data(), visit_code=typed)
    db.session.commit()
    assert review.verified_visit is True
    row = db.session.scalar(select(VisitCode))
    assert row.used_at is not None and row.review_id == review.id
    with pytest.raises(ReviewError, match="already been used") as caught:
        post_review(db.session, factories.user(), center, review_data(body=BODY + " Again."), visit_code=code)
    assert caught.value.field == "visit_code"


@pytest.mark.parametrize("case, message", [
    ("expired", "has expired"), ("other_center", "not valid for this center"), ("unknown", "not valid for this center"),
    ("malformed", "8 letters and digits"),
])
def test_bad_codes_are_refused(factories, case, message):
    center, other = factories.center(), factories.center()
    owner = factories.manager(center)
    code = {"expired": lambda: visit_code(db.session, center, owner, days=-1),
            "other_center": lambda: visit_code(db.session, other, owner),
            "unknown": lambda: "ABCD-EFGH", "malformed": lambda: "123"}[case]()
    with pytest.raises(ReviewError, match=message) as caught:
        post_review(db.session, factories.user(), center, review_data(), visit_code=code)
    db.session.rollback()
    assert caught.value.field == "visit_code"
    assert db.session.scalar(select(func.count()).select_from(VisitCode).where(VisitCode.used_at.is_not(None))) == 0


def test_a_review_without_a_code_is_accepted(factories):
    review = post_review(db.session, factories.user(), factories.center(), review_data(), visit_code="  ")
    db.session.commit()
    assert (review.status, review.verified_visit) == ("published", False)
