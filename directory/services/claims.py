"""Claims: a member asks to manage a listing with evidence; an admin approves (the claimant becomes a manager) or
rejects with a reason the claimant sees. Several people may claim one center: an admin decides each claim, seeing
them together. Every decision is audited."""
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from ..models import Center, CenterClaim, CenterManager, CenterStatus, ClaimStatus, Role, User
from ..models.base import utcnow
from ..text import clean_text
from . import audit
from .access import manages
from .errors import ServiceError
from .evidence import UploadError, store_evidence
from .locks import lock_center
from .notifications.queue import claim_decided
from .pagination import Page, paginate
from .uploads import UploadLimits

ROLES_AT_CENTER = {"owner": _l("Owner"), "manager": _l("Manager"), "staff": _l("Receptionist / staff")}
EVIDENCE_MIN, EVIDENCE_MAX = 20, 1000
REASON_MIN, REASON_MAX = 3, 500
QUEUE_LIMIT = 200
MINE_PER_PAGE = 20
MINE_PAGES = 100  # a member's newest 2,000 claims: the count and the offset stay bounded


class ClaimError(ServiceError):
    """A claim rule refused an action."""


@dataclass
class CenterClaims:
    """The pending claims on one center, with how many approved managers it already has."""

    center: Center
    managers: int
    claims: list[tuple[CenterClaim, User]] = field(default_factory=list)


def role_label(value: str) -> str:
    return ROLES_AT_CENTER.get(value, value)


def status_label(value: str) -> str:
    return ClaimStatus(value).label


class UnverifiedClaimant(ClaimError):
    """Only members with a confirmed email address claim listings."""

    status = 403


def check_may_claim(session: Session, user: User, center: Center) -> None:
    """Refuse a claim that cannot be made now, before the member fills in the form."""
    if user.email_verified_at is None:
        raise UnverifiedClaimant(_l("Confirm your email address first: we need a way to reach you about your "
                                    "claim."))
    if user.is_admin:
        raise ClaimError(_l("Administrators can already manage every listing."))
    if manages(session, user, center.id):
        raise ClaimError(_l("You already manage this listing."))
    if pending_claim_of(session, user, center.id) is not None:
        raise ClaimError(_l("You already have a claim on this listing waiting for review."))


def submit_claim(session: Session, user: User, center: Center, role_at_center: str, evidence: str,
                 now: datetime | None = None, evidence_file=None, limits: UploadLimits | None = None) -> CenterClaim:
    """A pending claim; one pending claim per user per center, none by its managers or by admins.

    `evidence_file` is an optional uploaded document (PDF or image), stored privately through evidence.py within
    `limits` (needed with a file).
    """
    if user.email_verified_at is None:
        raise ClaimError(_l("Confirm your email address before claiming a listing."))
    if user.is_admin:
        raise ClaimError(_l("Administrators can already manage every listing."))
    if center.status != CenterStatus.PUBLISHED:
        raise ClaimError(_l("Only published listings can be claimed."))
    if role_at_center not in ROLES_AT_CENTER:
        raise ClaimError(_l("Choose your role at the center."), "role_at_center")
    evidence = clean_text(evidence, 10_000)
    if len(evidence) < EVIDENCE_MIN:
        raise ClaimError(_l("Tell us how we can verify your claim (at least %(evidence_min)s characters).",
                            evidence_min=EVIDENCE_MIN), "evidence")
    if len(evidence) > EVIDENCE_MAX:
        raise ClaimError(_l("Keep the evidence to %(evidence_max)s characters.", evidence_max=EVIDENCE_MAX), "evidence")
    lock_center(session, center.id)
    if manages(session, user, center.id):
        raise ClaimError(_l("You already manage this listing."))
    if pending_claim_of(session, user, center.id) is not None:
        raise ClaimError(_l("You already have a claim on this listing waiting for review."))
    document = None
    if evidence_file is not None and getattr(evidence_file, "filename", None):
        if limits is None:
            raise TypeError("submit_claim needs the upload limits to store a document")
        try:
            document = store_evidence(session, evidence_file, limits, center_id=center.id, uploader=user)
        except UploadError as error:
            raise ClaimError(str(error), "document") from None
    claim = CenterClaim(center_id=center.id, user_id=user.id, role_at_center=role_at_center, evidence=evidence,
                        evidence_file_id=document.id if document else None,
                        status=ClaimStatus.PENDING, created_at=now or utcnow())
    session.add(claim)
    session.flush()
    return claim


def approve_claim(session: Session, admin: User, claim: CenterClaim, reason: str = "",
                  now: datetime | None = None) -> CenterManager:
    """Make the claimant a manager of the center (and an owner if they were a member). Other pending claims on the
    same center stay pending: several managers are allowed, and the admin decides each one."""
    reason = _reason(reason)
    now = _start(session, admin, claim, now)
    claimant = session.get(User, claim.user_id)
    manager = session.scalar(select(CenterManager).where(CenterManager.center_id == claim.center_id,
                                                         CenterManager.user_id == claim.user_id))
    if manager is None:
        manager = CenterManager(center_id=claim.center_id, user_id=claim.user_id, created_at=now)
        session.add(manager)
    if claimant.role == Role.MEMBER:
        claimant.role = Role.OWNER
    _decide(claim, admin, ClaimStatus.APPROVED, reason, now)
    audit.record(session, admin, "claim.approved", "claim", claim.id,
                 "; ".join(filter(None, [f"user {claimant.id} now manages center {claim.center_id}", reason])),
                 now=now)
    claim_decided(session, claim, now=now)
    session.flush()
    return manager


def reject_claim(session: Session, admin: User, claim: CenterClaim, reason: str,
                 now: datetime | None = None) -> None:
    """Refuse a claim with a reason the claimant sees."""
    reason = _reason(reason, required=True)
    now = _start(session, admin, claim, now)
    _decide(claim, admin, ClaimStatus.REJECTED, reason, now)
    audit.record(session, admin, "claim.rejected", "claim", claim.id, reason, now=now)
    claim_decided(session, claim, now=now)
    session.flush()


def pending_claim_of(session: Session, user: User, center_id: int) -> CenterClaim | None:
    return session.scalar(select(CenterClaim).where(CenterClaim.center_id == center_id,
                                                    CenterClaim.user_id == user.id,
                                                    CenterClaim.status == ClaimStatus.PENDING))


def claims_of(session: Session, user: User, page: int = 1) -> Page:
    """A user's own claims with their centers, newest first, a page at a time up to page MINE_PAGES."""
    stmt = (select(CenterClaim).options(joinedload(CenterClaim.center)).where(CenterClaim.user_id == user.id)
            .order_by(CenterClaim.created_at.desc(), CenterClaim.id.desc()))
    return paginate(session, stmt, page, MINE_PER_PAGE, max_page=MINE_PAGES, clamp=True)


def pending_by_center(session: Session) -> list[CenterClaims]:
    """Pending claims grouped by center, the center with the oldest claim first."""
    rows = session.execute(
        select(CenterClaim, Center, User).join(Center, Center.id == CenterClaim.center_id)
        .join(User, User.id == CenterClaim.user_id).where(CenterClaim.status == ClaimStatus.PENDING)
        .order_by(CenterClaim.created_at, CenterClaim.id).limit(QUEUE_LIMIT))
    groups: dict[int, CenterClaims] = {}
    for claim, center, user in rows:
        groups.setdefault(center.id, CenterClaims(center, 0)).claims.append((claim, user))
    if groups:
        counts = dict(session.execute(select(CenterManager.center_id, func.count(CenterManager.id))
                                      .where(CenterManager.center_id.in_(groups)).group_by(CenterManager.center_id))
                      .all())
        for center_id, group in groups.items():
            group.managers = counts.get(center_id, 0)
    return list(groups.values())


def _reason(reason: str, required: bool = False) -> str:
    reason = clean_text(reason, 10_000)
    if required and len(reason) < REASON_MIN:
        raise ClaimError(_l("Write the reason the claimant will see."), "reason")
    if len(reason) > REASON_MAX:
        raise ClaimError(_l("Keep the reason to %(reason_max)s characters.", reason_max=REASON_MAX), "reason")
    return reason


def _start(session: Session, admin: User, claim: CenterClaim, now: datetime | None) -> datetime:
    """Check the actor is an admin, lock the center, and reload the claim under the lock: it must still be pending."""
    if not admin.is_admin:
        raise ClaimError(_l("Only administrators decide claims."))
    lock_center(session, claim.center_id)
    session.refresh(claim)
    if claim.status != ClaimStatus.PENDING:
        raise ClaimError(_l("This claim has already been decided."))
    return now or utcnow()


def _decide(claim: CenterClaim, admin: User, status: str, reason: str, now: datetime) -> None:
    claim.status, claim.decided_at, claim.decided_by_id, claim.decision_reason = status, now, admin.id, reason
