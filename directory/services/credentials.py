"""Badges: what a credential or a center has shown Sukoon, and what each badge means."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_

from ..models import Center, Credential, CredentialKind, CredentialStatus

RECENTLY_CONFIRMED = timedelta(days=90)
STALE_LISTING = timedelta(days=180)


@dataclass(frozen=True)
class Badge:
    label: str
    explanation: str
    tone: str  # verified | pending | expired | info


def credential_badge(credential: Credential, today: date) -> Badge | None:
    """The badge a visitor sees for a credential; rejected credentials are not shown publicly."""
    status = credential.status_on(today)
    kind = credential.kind_label.lower()
    if status == CredentialStatus.VERIFIED:
        if credential.kind in (CredentialKind.LICENCE, CredentialKind.ESTABLISHMENT_LICENCE):
            label = f"Verified {kind}"
        else:
            label = f"Verified {kind}: {credential.issuer}"
        checked = f" on {credential.verified_at:%d %b %Y}" if credential.verified_at else ""
        until = f"; valid until {credential.valid_until:%d %b %Y}" if credential.valid_until else ""
        method = credential.method_label
        explanation = f"Sukoon checked this {kind} from {credential.issuer} ({method}){checked}{until}."
        return Badge(label, explanation, "verified")
    if status == CredentialStatus.PENDING:
        return Badge("Pending verification", f"The center has submitted this {kind} from {credential.issuer}; "
                     "Sukoon has not checked it yet.", "pending")
    if status == CredentialStatus.EXPIRED:
        ended = f" on {credential.valid_until:%d %b %Y}" if credential.valid_until else ""
        return Badge("Credential expired", f"This {kind} from {credential.issuer} stopped being valid{ended}; "
                     "it no longer counts as verified.", "expired")
    return None


def current_verified(today: date):
    """SQL condition: a credential that is verified and still valid on `today`."""
    return (Credential.status == CredentialStatus.VERIFIED) & or_(
        Credential.valid_until.is_(None), Credential.valid_until >= today)


def center_badges(center: Center, today: date, has_verified_therapists: bool) -> list[Badge]:
    """Center-level badges shown on cards and the center page."""
    badges = []
    if has_verified_therapists:
        badges.append(Badge("Verified therapists", "At least one therapist here holds a credential Sukoon has "
                            "checked and that is still valid.", "verified"))
    if center.confirmed_at and today - center.confirmed_at.date() <= RECENTLY_CONFIRMED:
        badges.append(Badge("Recently confirmed", "The center confirmed its details are current within the "
                            "last 90 days.", "info"))
    return badges


def listing_is_stale(center: Center, today: date) -> bool:
    """Listings not confirmed for 180 days say so on their page."""
    return center.confirmed_at is None or today - center.confirmed_at.date() > STALE_LISTING
