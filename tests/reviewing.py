"""Helpers shared by the review tests: valid form data, claims, admins, visit codes."""
from datetime import timedelta

from directory.models import CenterClaim, VisitCode
from directory.models.base import utcnow
from directory.services.reviews.visit_codes import hash_code, new_code

BODY = "Calm rooms, a skilled therapist and fair prices. I would go again."


def review_data(**overrides) -> dict:
    """What a member would submit: a valid review by column name."""
    return {"rating": 4, "title": "Relaxing visit", "body": BODY, **overrides}


def pending_claim(session, center, user) -> CenterClaim:
    claim = CenterClaim(center_id=center.id, user_id=user.id, role_at_center="Owner", evidence="Trade licence")
    session.add(claim)
    session.commit()
    return claim


def visit_code(session, center, created_by, *, days: int = 30, used: bool = False) -> str:
    """A plain code stored the way the service stores it (hash only); `days` may be negative (expired)."""
    code, now = new_code(), utcnow()
    session.add(VisitCode(center_id=center.id, code_hash=hash_code(code), created_by_id=created_by.id,
                          created_at=now - timedelta(days=1), expires_at=now + timedelta(days=days),
                          used_at=now if used else None))
    session.commit()
    return code


def sign_in(auth, user) -> None:
    """auth.login_as (each request has its own app context, so a second sign-in in a test is seen at once)."""
    auth.login_as(user)


def center_page(client, center) -> str:
    return client.get(f"/centers/{center.slug}").get_data(as_text=True)
