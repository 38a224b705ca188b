"""Which kinds of mail someone has stopped: members by account (the settings form), guests by address."""
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...models import MailKind, MailOptOut, User
from ...models.base import utcnow


def stopped_kinds(session: Session, user_id: int | None = None, email: str | None = None) -> set[str]:
    """The kinds this account (or, without one, this address) has stopped."""
    if user_id is not None:
        where = MailOptOut.user_id == user_id
    elif email:
        where = MailOptOut.email == email.strip().lower()
    else:
        return set()
    return set(session.scalars(select(MailOptOut.kind).where(where)))


def save_preferences(session: Session, user: User, wanted: set[str]) -> set[str]:
    """Keep the kinds in `wanted` coming and stop every other kind; returns the stopped kinds."""
    stopped = {kind.value for kind in MailKind} - set(wanted)
    session.execute(delete(MailOptOut).where(MailOptOut.user_id == user.id, MailOptOut.kind.not_in(stopped)))
    have = stopped_kinds(session, user_id=user.id)
    for kind in sorted(stopped - have):
        session.add(MailOptOut(user_id=user.id, kind=kind, created_at=utcnow()))
    session.flush()
    return stopped


def stop_kind(session: Session, kind: str, user_id: int | None = None, email: str | None = None) -> None:
    """Stop one kind (the one-click link); doing it twice is harmless."""
    email = None if user_id is not None else (email or "").strip().lower() or None
    if kind not in MailKind._value2member_map_ or (user_id is None and email is None):
        return
    if kind in stopped_kinds(session, user_id=user_id, email=email):
        return
    if user_id is not None and session.get(User, user_id) is None:
        return
    try:
        with session.begin_nested():  # a second click racing the first: the unique constraint keeps one row
            session.add(MailOptOut(user_id=user_id, email=email, kind=kind, created_at=utcnow()))
    except IntegrityError:
        pass
