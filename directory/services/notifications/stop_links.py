"""The token in a mail's one-click stop link: which kind, and whose (a member's account, or for a guest the
outbox row the mail came from, so no address is ever in a URL). Signed, no expiry (an old mail's link must keep
working, RFC 8058); it can only ever stop mail, so a leaked link costs nothing more."""
from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy.orm import Session

from ...models import MailKind, OutboxMail
from .preferences import stop_kind, stopped_kinds

SALT = "sukoon.mail-stop"


def stop_token(secret_key: str, kind: str, user_id: int | None = None, mail_id: int | None = None) -> str:
    who = {"u": user_id} if user_id is not None else {"m": mail_id}
    return URLSafeSerializer(secret_key, salt=SALT).dumps({"k": kind, **who})


def read_stop_token(secret_key: str, token: str) -> tuple[str, int | None, int | None] | None:
    """(kind, user_id, mail_id) from a genuine token, else None."""
    try:
        data = URLSafeSerializer(secret_key, salt=SALT).loads(token[:500])
    except BadData:
        return None
    if not isinstance(data, dict) or data.get("k") not in MailKind._value2member_map_:
        return None
    for key in ("u", "m"):
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return data["k"], value if key == "u" else None, value if key == "m" else None
    return None


def _who(session: Session, user_id: int | None, mail_id: int | None) -> tuple[int | None, str | None]:
    if user_id is not None:
        return user_id, None
    row = session.get(OutboxMail, mail_id) if mail_id is not None else None
    return None, row.to_address if row is not None else None


def stop_from_link(session: Session, kind: str, user_id: int | None, mail_id: int | None) -> None:
    """Stop `kind` for the account, or for the address the guest's mail went to."""
    user_id, email = _who(session, user_id, mail_id)
    stop_kind(session, kind, user_id=user_id, email=email)


def link_stopped(session: Session, kind: str, user_id: int | None, mail_id: int | None) -> bool | None:
    """Whether the link's kind is stopped; None when the link names nobody any more."""
    user_id, email = _who(session, user_id, mail_id)
    if user_id is None and email is None:
        return None
    return kind in stopped_kinds(session, user_id=user_id, email=email)
