"""Badges: what a credential or a center has shown Sukoon, what each badge means, and admins verifying credentials.

Only an administrator moves a credential to verified or rejected; every decision records who, when and how, and
goes to the audit log in the same transaction. Views commit.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from ..models import (
    Center,
    CenterManager,
    Credential,
    CredentialKind,
    CredentialStatus,
    EvidenceFile,
    Therapist,
    User,
    VerificationMethod,
)
from ..models.base import utcnow
from ..text import N_, clean_text
from . import audit
from .errors import ServiceError
from .hours import local_now
from .locks import lock_center

RECENTLY_CONFIRMED = timedelta(days=90)
STALE_LISTING = timedelta(days=180)
REJECTION_MIN, REJECTION_MAX = 10, 500
QUEUE_LIMIT = 200


@dataclass(frozen=True)
class Badge:
    label: str
    explanation: str
    tone: str  # verified | pending | expired | info
    # The same words for pages in another language, as (catalog text, values) pairs: the label, then the sentences
    # of the explanation. Values named kind or method are labels of the catalog; dates are written for the language.
    label_words: tuple[str, dict] | None = None
    explanation_words: tuple[tuple[str, dict], ...] = ()


class CredentialError(ServiceError):
    """An admin decision refused; `message` is shown to the admin."""


def day_label(day: date | datetime) -> str:
    """3 Nov 2026: how badges write dates."""
    return f"{day.day} {day:%b %Y}"


def credential_badge(credential: Credential, today: date) -> Badge | None:
    """The badge a visitor sees for a credential; rejected credentials are not shown publicly."""
    status = credential.status_on(today)
    kind = credential.kind_label.lower()
    values = {"kind": credential.kind_label, "issuer": credential.issuer}
    if status == CredentialStatus.VERIFIED:
        if credential.kind in (CredentialKind.LICENCE, CredentialKind.ESTABLISHMENT_LICENCE):
            label, label_words = f"Verified {kind}", (N_("Verified %(kind)s"), values)
        else:
            label, label_words = f"Verified {kind}: {credential.issuer}", (N_("Verified %(kind)s: %(issuer)s"), values)
        checked_on = credential.verified_at or credential.decided_at
        checked = f" on {day_label(checked_on)}" if checked_on else ""
        until = f"; valid until {day_label(credential.valid_until)}" if credential.valid_until else ""
        method = f" ({credential.method_label})" if credential.verification_method else ""
        explanation = f"Sukoon checked this {kind} from {credential.issuer}{method}{checked}{until}."
        return Badge(label, explanation, "verified", label_words=label_words, explanation_words=tuple(
            sentence for sentence in (
                (N_("Sukoon checked this %(kind)s from %(issuer)s."), values),
                (N_("How: %(method)s."), {"method": credential.method_label}) if method else None,
                (N_("Checked on %(day)s."), {"day": checked_on}) if checked_on else None,
                (N_("Valid until %(day)s."), {"day": credential.valid_until}) if until else None)
            if sentence))
    if status == CredentialStatus.PENDING:
        return Badge(N_("Pending verification"), f"The center has submitted this {kind} from {credential.issuer}; "
                     "Sukoon has not checked it yet.", "pending", explanation_words=(
                         (N_("The center has submitted this %(kind)s from %(issuer)s; Sukoon has not checked it yet."),
                          values),))
    if status == CredentialStatus.EXPIRED:
        ended = f" on {day_label(credential.valid_until)}" if credential.valid_until else ""
        return Badge(N_("Credential expired"), f"This {kind} from {credential.issuer} stopped being valid{ended}; "
                     "it no longer counts as verified.", "expired", explanation_words=(
                         (N_("This %(kind)s from %(issuer)s stopped being valid on %(day)s; it no longer counts as "
                             "verified."), {**values, "day": credential.valid_until}) if credential.valid_until else
                         (N_("This %(kind)s from %(issuer)s stopped being valid; it no longer counts as verified."),
                          values),))
    return None


def current_verified(today: date):
    """SQL condition: a credential that is verified and still valid on `today`."""
    return (Credential.status == CredentialStatus.VERIFIED) & or_(
        Credential.valid_until.is_(None), Credential.valid_until >= today)


def owner_managed_condition():
    """SQL condition on Center: at least one approved manager (the listing was claimed)."""
    return exists().where(CenterManager.center_id == Center.id)


def is_owner_managed(session: Session, center_id: int) -> bool:
    return bool(session.scalar(select(exists().where(CenterManager.center_id == center_id))))


def center_badges(center: Center, today: date, has_verified_therapists: bool,
                  owner_managed: bool = False) -> list[Badge]:
    """Center-level badges shown on cards and the center page."""
    badges = []
    if has_verified_therapists:
        badges.append(Badge(N_("Verified therapists"), N_("At least one therapist here holds a credential Sukoon has "
                                                          "checked and that is still valid."), "verified"))
    if owner_managed:
        badges.append(Badge(N_("Owner-managed"), N_("Someone from the center claimed this listing, Sukoon checked "
                                                    "their claim, and they keep it up to date."), "info"))
    if center.confirmed_at and today - center.confirmed_at.date() <= RECENTLY_CONFIRMED:
        badges.append(Badge(N_("Recently confirmed"), N_("The center confirmed its details are current within the "
                                                         "last 90 days."), "info"))
    return badges


def listing_is_stale(center: Center, today: date) -> bool:
    """Listings not confirmed for 180 days say so on their page."""
    return center.confirmed_at is None or today - center.confirmed_at.date() > STALE_LISTING


# Admin verification


def pending_queue(session: Session, limit: int = QUEUE_LIMIT) -> list[tuple[Credential, Therapist, Center,
                                                                            EvidenceFile | None]]:
    """Credentials waiting for an admin, oldest first, with their therapist, center and evidence document."""
    return list(session.execute(
        select(Credential, Therapist, Center, EvidenceFile).join(Therapist, Therapist.id == Credential.therapist_id)
        .join(Center, Center.id == Therapist.center_id)
        .outerjoin(EvidenceFile, EvidenceFile.id == Credential.evidence_file_id)
        .where(Credential.status == CredentialStatus.PENDING)
        .order_by(Credential.created_at, Credential.id).limit(limit)))


def verify_credential(session: Session, admin: User, credential: Credential, method: str,
                      now: datetime | None = None) -> None:
    """Mark a pending, unexpired credential verified, recording how, by whom and when."""
    if method not in set(VerificationMethod):
        raise CredentialError(_l("Choose how you checked the credential: issuer lookup, document reviewed or "
                                 "phone call."))
    center = _start(session, admin, credential)
    now = now or utcnow()
    today = local_now(center.timezone, now).date()
    if credential.valid_until is not None and credential.valid_until < today:
        raise CredentialError(_l("This credential expired on %(valid_until)s: it cannot be verified. Reject it "
                                 "and ask the center for a current one.",
                                 valid_until=day_label(credential.valid_until)))
    credential.status = CredentialStatus.VERIFIED
    credential.verification_method = method
    credential.verified_at = credential.decided_at = now
    credential.decided_by_id = admin.id
    credential.rejection_reason = ""
    audit.record(session, admin, "credential.verified", "credential", credential.id,
                 f"{credential.kind_label} {credential.issuer} {credential.number}".strip()
                 + f" for therapist {credential.therapist_id}; {VerificationMethod(method).label}", now=now)
    session.flush()


def reject_credential(session: Session, admin: User, credential: Credential, reason: str,
                      now: datetime | None = None) -> None:
    """Refuse a pending credential with a reason the center's managers see."""
    reason = clean_text(reason, 10_000)
    if len(reason) < REJECTION_MIN:
        raise CredentialError(_l("Write the reason the center will see (at least %(rejection_min)s characters).",
                                 rejection_min=REJECTION_MIN))
    if len(reason) > REJECTION_MAX:
        raise CredentialError(_l("Keep the reason to %(rejection_max)s characters.", rejection_max=REJECTION_MAX))
    _start(session, admin, credential)
    now = now or utcnow()
    credential.status = CredentialStatus.REJECTED
    credential.decided_at, credential.decided_by_id, credential.rejection_reason = now, admin.id, reason
    credential.verified_at = credential.verification_method = None
    audit.record(session, admin, "credential.rejected", "credential", credential.id, reason, now=now)
    session.flush()


def _start(session: Session, admin: User, credential: Credential) -> Center:
    """Only admins decide; lock the center and reload the credential under the lock: it must still be pending."""
    if not admin.is_admin:
        raise CredentialError(_l("Only administrators verify credentials."))
    center = session.scalar(select(Center).join(Therapist, Therapist.center_id == Center.id)
                            .where(Therapist.id == credential.therapist_id))
    lock_center(session, center.id)
    session.refresh(credential)
    if credential.status != CredentialStatus.PENDING:
        raise CredentialError(_l("This credential has already been decided (%(label)s); nothing was changed.",
                                 label=CredentialStatus(credential.status).label.lower()))
    return center
