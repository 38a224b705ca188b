"""Signed, expiring, single-use tokens for email links: email verification and password reset (ASVS 6.4.1)."""
import hashlib
import time

from itsdangerous import BadData, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from ..models import User

VERIFY_EMAIL = "sukoon.verify-email"
RESET_PASSWORD = "sukoon.reset-password"  # noqa: S105  (a salt name, not a password)
MAX_AGE = {VERIFY_EMAIL: 48 * 3600, RESET_PASSWORD: 3600}

_clock = time.time  # tests replace this to move time without sleeping


class TokenInvalid(Exception):
    """The token is forged, expired, for another purpose, or already used (`reason` says which, for logs)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _ClockSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(_clock())


def _serializer(secret_key: str, purpose: str) -> URLSafeTimedSerializer:
    # One salt per purpose: a verification token can never be replayed as a reset token.
    return URLSafeTimedSerializer(secret_key, salt=purpose, signer=_ClockSigner)


def _fingerprint(user: User) -> str:
    """Changes whenever the password (hash) or the session version changes, which spends a reset token."""
    material = f"{user.password_hash or ''}|{user.session_version}|{user.email}"
    return hashlib.sha256(material.encode()).hexdigest()[:16]


def make_token(secret_key: str, purpose: str, user: User) -> str:
    """A token naming the user and the state it was issued for."""
    state = user.email if purpose == VERIFY_EMAIL else _fingerprint(user)
    return _serializer(secret_key, purpose).dumps({"uid": user.id, "s": state})


def read_token(session: Session, secret_key: str, purpose: str, token: str) -> User:
    """The user the token was issued to, while it is fresh and still matches their state; else TokenInvalid."""
    try:
        data = _serializer(secret_key, purpose).loads(token, max_age=MAX_AGE[purpose])
    except BadData as exc:  # bad signature, expired, malformed
        raise TokenInvalid("expired" if isinstance(exc, SignatureExpired) else "bad") from None
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        raise TokenInvalid("payload")
    user = session.get(User, data["uid"])
    if user is None or user.is_sample:
        raise TokenInvalid("user")
    state = user.email if purpose == VERIFY_EMAIL else _fingerprint(user)
    if data.get("s") != state:
        raise TokenInvalid("used")
    if purpose == VERIFY_EMAIL and user.email_verified_at is not None:
        raise TokenInvalid("used")
    return user


def verification_token(secret_key: str, user: User) -> str:
    return make_token(secret_key, VERIFY_EMAIL, user)


def reset_token(secret_key: str, user: User) -> str:
    return make_token(secret_key, RESET_PASSWORD, user)


DEVICE = "sukoon.device"


def device_token(secret_key: str, email: str, nonce: str) -> str:
    """A device cookie (OWASP "device cookies"): this browser logged in to this account before."""
    return URLSafeTimedSerializer(secret_key, salt=DEVICE).dumps({"e": email.strip().lower(), "n": nonce})


def device_nonce(secret_key: str, token: str | None, email: str, max_age: int) -> str | None:
    """The cookie's nonce when it is genuine, fresh and was issued for `email`; else None."""
    if not token:
        return None
    try:
        data = URLSafeTimedSerializer(secret_key, salt=DEVICE).loads(token, max_age=max_age)
    except BadData:
        return None
    if not isinstance(data, dict) or data.get("e") != email.strip().lower() or not isinstance(data.get("n"), str):
        return None
    return data["n"]
