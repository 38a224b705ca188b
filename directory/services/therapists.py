"""Managers keep their center's therapists and credentials current. Every lookup is scoped to one center, every
change takes the listing version the editor saw (a stale one is refused), is audited and touches the listing.

Owners never set a credential's status: new ones start pending, and changing what an admin checked (kind, issuer,
number, dates) sends a verified or rejected credential back to pending.
"""
import re
import secrets
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select
from sqlalchemy.orm import Session, selectinload

from ..models import Center, Condition, Credential, CredentialKind, CredentialStatus, Service, Therapist, User
from ..text import clean_text
from . import audit
from .errors import ServiceError
from .evidence import store_evidence
from .hours import local_now
from .listings.versions import expect_version, touch
from .locks import lock_center
from .public_therapists import LANGUAGES
from .uploads import UploadError, UploadLimits

NAME_MAX, BIO_MAX, YEARS_MAX = 80, 2000, 70
ISSUER_MIN, ISSUER_MAX, NUMBER_MAX = 2, 160, 80
GENDERS = {"female": _l("Female"), "male": _l("Male"), "unspecified": _l("Not stated")}
CHECKED_FIELDS = ("kind", "issuer", "number", "issued_on", "valid_until")  # what an admin verified


class TherapistError(ServiceError):
    """A therapist or credential rule refused a change."""


@dataclass
class TherapistDetails:
    name: str
    gender: str = "unspecified"
    years_practice: int = 0
    bio: str = ""
    specialty_ids: list[int] = field(default_factory=list)
    languages: list[str] | None = None  # codes of public_therapists.LANGUAGES; None leaves them as they are
    condition_ids: list[int] | None = None  # focus conditions; None leaves them as they are


@dataclass
class CredentialDetails:
    kind: str
    issuer: str
    number: str = ""
    issued_on: date | None = None
    valid_until: date | None = None


def therapists_of(session: Session, center_id: int) -> list[Therapist]:
    """A center's therapists by name, with their credentials and specialties loaded."""
    return list(session.scalars(
        select(Therapist).where(Therapist.center_id == center_id)
        .options(selectinload(Therapist.credentials), selectinload(Therapist.specialties))
        .order_by(Therapist.name, Therapist.id)))


def get_therapist(session: Session, center_id: int, therapist_id: int) -> Therapist | None:
    """The therapist only if they work at this center: another center's ids find nothing."""
    return session.scalar(select(Therapist).where(Therapist.id == therapist_id, Therapist.center_id == center_id))


def get_credential(session: Session, center_id: int, therapist_id: int, credential_id: int) -> Credential | None:
    """The credential only if it belongs to this therapist at this center."""
    return session.scalar(
        select(Credential).join(Therapist, Therapist.id == Credential.therapist_id)
        .where(Credential.id == credential_id, Credential.therapist_id == therapist_id,
               Therapist.center_id == center_id))


def add_therapist(session: Session, actor: User, center: Center, details: TherapistDetails, *,
                  version: object) -> Therapist:
    expect_version(center, version)
    values = _therapist_values(session, details)
    therapist = Therapist(center_id=center.id, slug=_new_slug(session, values["name"]))
    _apply_therapist(therapist, values)
    session.add(therapist)
    session.flush()
    _changed(session, actor, center, "therapist.added", "therapist", therapist.id, therapist.name)
    return therapist


def update_therapist(session: Session, actor: User, center: Center, therapist: Therapist,
                     details: TherapistDetails, *, version: object) -> None:
    expect_version(center, version)
    _apply_therapist(therapist, _therapist_values(session, details))
    _changed(session, actor, center, "therapist.updated", "therapist", therapist.id, therapist.name)


def remove_therapist(session: Session, actor: User, center: Center, therapist: Therapist, *,
                     version: object) -> None:
    expect_version(center, version)
    _changed(session, actor, center, "therapist.removed", "therapist", therapist.id,
             f"{therapist.name}, with {len(therapist.credentials)} credential(s)")
    session.delete(therapist)
    session.flush()


def add_credential(session: Session, actor: User, center: Center, therapist: Therapist, details: CredentialDetails,
                   *, version: object, evidence_file=None, limits: UploadLimits | None = None) -> Credential:
    """A new credential, always pending until an admin checks it; `evidence_file` an optional document."""
    expect_version(center, version)
    values = _credential_values(center, details)
    evidence_file_id = _store_evidence(session, actor, center, evidence_file, limits)
    credential = Credential(therapist_id=therapist.id, status=CredentialStatus.PENDING,
                            evidence_file_id=evidence_file_id, **values)
    session.add(credential)
    session.flush()
    _changed(session, actor, center, "credential.added", "credential", credential.id,
             f"{credential.kind_label} from {credential.issuer} for therapist {therapist.id}")
    return credential


def update_credential(session: Session, actor: User, center: Center, credential: Credential,
                      details: CredentialDetails, *, version: object, evidence_file=None,
                      limits: UploadLimits | None = None) -> bool:
    """Change a credential; True when the change sent it back to pending verification."""
    expect_version(center, version)
    values = _credential_values(center, details)
    evidence_file_id = _store_evidence(session, actor, center, evidence_file, limits)
    lock_center(session, center.id)  # an admin deciding it at this moment waits, then we see their decision
    session.refresh(credential)
    rechecked = any(getattr(credential, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(credential, name, value)
    if evidence_file_id is not None:
        credential.evidence_file_id = evidence_file_id
    resubmitted = credential.status == CredentialStatus.REJECTED and evidence_file_id is not None
    back_to_pending = credential.status != CredentialStatus.PENDING and (rechecked or resubmitted)
    if back_to_pending:
        credential.status = CredentialStatus.PENDING
        credential.verified_at = credential.verification_method = None
        credential.decided_at = credential.decided_by_id = None
        credential.rejection_reason = ""
    _changed(session, actor, center, "credential.updated", "credential", credential.id,
             "sent back to pending verification" if back_to_pending else "")
    return back_to_pending


def remove_credential(session: Session, actor: User, center: Center, credential: Credential, *,
                      version: object) -> None:
    expect_version(center, version)
    _changed(session, actor, center, "credential.removed", "credential", credential.id,
             f"{credential.kind_label} from {credential.issuer}")
    session.delete(credential)
    session.flush()


def _store_evidence(session: Session, actor: User, center: Center, evidence_file,
                    limits: UploadLimits | None) -> int | None:
    """Store an attached document with this transaction (its file goes if the transaction does not commit)."""
    if not evidence_file:
        return None
    if limits is None:
        raise TypeError("storing a credential document needs the upload limits")
    try:
        return store_evidence(session, evidence_file, limits, center_id=center.id, uploader=actor).id
    except UploadError as error:
        raise TherapistError(error.message, "evidence") from None


def _therapist_values(session: Session, details: TherapistDetails) -> dict:
    name = clean_text(details.name, 1000)
    if not name:
        raise TherapistError(_l("Enter the therapist's name."), "name")
    if len(name) > NAME_MAX:
        raise TherapistError(_l("Keep the name to %(name_max)s characters.", name_max=NAME_MAX), "name")
    if details.gender not in GENDERS:
        raise TherapistError(_l("Choose female, male or not stated."), "gender")
    years = details.years_practice
    if not isinstance(years, int) or not 0 <= years <= YEARS_MAX:
        raise TherapistError(_l("Years of practice must be a whole number from 0 to %(years_max)s.",
                                years_max=YEARS_MAX), "years_practice")
    bio = clean_text((details.bio or "").replace("\r\n", "\n"), 100_000)
    if len(bio) > BIO_MAX:
        raise TherapistError(_l("Keep the bio to %(bio_max)s characters.", bio_max=BIO_MAX), "bio")
    wanted = set(details.specialty_ids or [])
    services = list(session.scalars(select(Service).where(Service.id.in_(wanted)).order_by(Service.name))) \
        if wanted else []
    if len(services) != len(wanted):
        raise TherapistError(_l("Choose specialties from the list."), "specialties")
    values = {"name": name, "gender": details.gender, "years_practice": years, "bio": bio, "specialties": services}
    if details.languages is not None:
        if not set(details.languages) <= set(LANGUAGES):
            raise TherapistError(_l("Choose languages from the list."), "languages")
        values["languages"] = [code for code in LANGUAGES if code in details.languages]  # the list's order
    if details.condition_ids is not None:
        wanted_conditions = set(details.condition_ids)
        conditions = list(session.scalars(select(Condition).where(Condition.id.in_(wanted_conditions))
                                          .order_by(Condition.name))) if wanted_conditions else []
        if len(conditions) != len(wanted_conditions):
            raise TherapistError(_l("Choose focus conditions from the list."), "conditions")
        values["conditions"] = conditions
    return values


def _apply_therapist(therapist: Therapist, values: dict) -> None:
    # Named fields only: nothing else a form sends can reach the row.
    therapist.name, therapist.gender = values["name"], values["gender"]
    therapist.years_practice, therapist.bio = values["years_practice"], values["bio"]
    therapist.specialties = values["specialties"]
    if "languages" in values:
        therapist.languages = values["languages"]
    if "conditions" in values:
        therapist.conditions = values["conditions"]


def _credential_values(center: Center, details: CredentialDetails) -> dict:
    if details.kind not in set(CredentialKind):
        raise TherapistError(_l("Choose the kind of credential."), "kind")
    issuer = clean_text(details.issuer, 1000)
    if len(issuer) < ISSUER_MIN:
        raise TherapistError(_l("Enter the body that issued it, for example CIDESCO or ITEC."), "issuer")
    if len(issuer) > ISSUER_MAX:
        raise TherapistError(_l("Keep the issuing body to %(issuer_max)s characters.", issuer_max=ISSUER_MAX), "issuer")
    number = clean_text(details.number, 1000)
    if len(number) > NUMBER_MAX:
        raise TherapistError(_l("Keep the number to %(number_max)s characters.", number_max=NUMBER_MAX), "number")
    if details.issued_on and details.issued_on > local_now(center.timezone).date():
        raise TherapistError(_l("The issue date cannot be in the future."), "issued_on")
    if details.issued_on and details.valid_until and details.valid_until < details.issued_on:
        raise TherapistError(_l("Valid until must be on or after the issue date."), "valid_until")
    return {"kind": details.kind, "issuer": issuer, "number": number, "issued_on": details.issued_on,
            "valid_until": details.valid_until}


def _changed(session: Session, actor: User, center: Center, action: str, subject_type: str, subject_id: int,
             note: str) -> None:
    touch(center)
    audit.record(session, actor, action, subject_type, subject_id, f"center {center.id}: {note}".rstrip(": "))


def _new_slug(session: Session, name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:100] or "therapist"
    while True:
        slug = f"{base}-{secrets.token_hex(3)}"
        if not session.scalar(select(exists().where(Therapist.slug == slug))):
            return slug
