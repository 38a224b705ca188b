"""The token in a mail's one-click stop link: who (account or address) and which kind, signed, no expiry (an old
mail's link must keep working, RFC 8058); it can only ever stop mail, so a leaked link costs nothing more."""
from itsdangerous import BadData, URLSafeSerializer

from ...models import MailKind

SALT = "sukoon.mail-stop"


def stop_token(secret_key: str, kind: str, user_id: int | None = None, email: str | None = None) -> str:
    who = {"u": user_id} if user_id is not None else {"e": (email or "").strip().lower()}
    return URLSafeSerializer(secret_key, salt=SALT).dumps({"k": kind, **who})


def read_stop_token(secret_key: str, token: str) -> tuple[str, int | None, str | None] | None:
    """(kind, user_id, email) from a genuine token, else None."""
    try:
        data = URLSafeSerializer(secret_key, salt=SALT).loads(token[:500])
    except BadData:
        return None
    if not isinstance(data, dict) or data.get("k") not in MailKind._value2member_map_:
        return None
    user_id, email = data.get("u"), data.get("e")
    if isinstance(user_id, int) and not isinstance(user_id, bool):
        return data["k"], user_id, None
    if isinstance(email, str) and "@" in email:
        return data["k"], None, email
    return None
