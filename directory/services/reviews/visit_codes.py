"""One-time visit codes: a center hands one to a client, whose review posted with it is a verified visit."""
import hashlib
import re
import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ...models import Center, Role, User, VisitCode
from ...models.base import utcnow
from ...text import clean_text
from .. import audit
from ..access import manages
from .rules import ReviewError

# No 0/O, 1/I/L: codes are read aloud and typed from paper or WhatsApp. 31 symbols ** 8 is about 2 ** 39.6.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
MAX_BATCH = 50
LABEL_MAX = 80
DEFAULT_DAYS = 30


def new_code() -> str:
    """A fresh random code like K7QP-92XM."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{symbols[:4]}-{symbols[4:]}"


def normalise_code(text: str) -> str:
    """What a member typed, without case, spaces or dashes."""
    return re.sub(r"[^0-9A-Z]", "", str(text or "").upper())


def hash_code(text: str) -> str:
    """SHA-256 of the normalised code: only this is stored, so a leaked table reveals no usable code."""
    return hashlib.sha256(normalise_code(text).encode()).hexdigest()


def issue_codes(session: Session, manager: User, center: Center, count: int, label: str = "",
                days: int = DEFAULT_DAYS, now: datetime | None = None) -> list[str]:
    """Create `count` codes for a center its manager runs; the plain codes are returned once and never stored."""
    if manager.role != Role.ADMIN and not manages(session, manager, center.id):
        raise ReviewError(_l("Only the center's managers can issue visit codes."))
    if not isinstance(count, int) or not 1 <= count <= MAX_BATCH:
        raise ReviewError(_l("Issue between 1 and %(max_batch)s codes at a time.", max_batch=MAX_BATCH), "count")
    label = clean_text(label, 10_000)
    if len(label) > LABEL_MAX:
        raise ReviewError(_l("Keep the label to %(label_max)s characters.", label_max=LABEL_MAX), "label")
    now = now or utcnow()
    expires = now + timedelta(days=days)
    codes = [new_code() for _ in range(count)]
    session.add_all(VisitCode(center_id=center.id, code_hash=hash_code(code), label=label, created_by_id=manager.id,
                              created_at=now, expires_at=expires) for code in codes)
    note = f"{count} code{'s' if count != 1 else ''} expiring {expires:%Y-%m-%d}" + (f"; {label}" if label else "")
    audit.record(session, manager, "visit_codes.issued", "center", center.id, note, now=now)
    return codes


def recent_codes(session: Session, center_id: int, limit: int = 50) -> list[VisitCode]:
    """A center's latest codes, newest first (hashes only: the plain codes are gone)."""
    stmt = (select(VisitCode).where(VisitCode.center_id == center_id)
            .order_by(VisitCode.created_at.desc(), VisitCode.id.desc()).limit(limit))
    return list(session.scalars(stmt))


def find_code(session: Session, center_id: int, text: str, now: datetime) -> VisitCode:
    """The unused, unexpired code of this center a member typed; ReviewError (field visit_code) otherwise."""
    if len(normalise_code(text)) != CODE_LENGTH:
        raise ReviewError(_l("A visit code has 8 letters and digits, like K7QP-92XM."), "visit_code")
    code = session.scalar(select(VisitCode).where(VisitCode.code_hash == hash_code(text)))
    if code is None or code.center_id != center_id:  # one message: no hint that it belongs to another center
        raise ReviewError(_l("This visit code is not valid for this center."), "visit_code")
    if code.used_at is not None:
        raise ReviewError(_l("This visit code has already been used."), "visit_code")
    if code.expires_at <= now:
        raise ReviewError(_l("This visit code has expired. Ask the center for a new one."), "visit_code")
    return code


def spend_code(session: Session, code: VisitCode, review_id: int, now: datetime) -> None:
    """Mark the code used by this review; a single conditional UPDATE, so two reviews cannot both spend it."""
    result = session.execute(
        update(VisitCode).where(VisitCode.id == code.id, VisitCode.used_at.is_(None))
        .values(used_at=now, review_id=review_id).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise ReviewError(_l("This visit code has already been used."), "visit_code")
    session.expire(code)
