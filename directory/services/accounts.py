"""Account operations: register, authenticate, verify, change and reset passwords, revoke sessions."""
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import Role, User
from ..models.base import utcnow
from ..passwords import hash_password, needs_rehash, verify_password
from .errors import ServiceError
from .password_policy import PasswordRejected, check_password


class AccountError(ServiceError):
    """A rule about accounts was broken; `field` names the form field at fault."""

    field = "email"


class DuplicateEmail(AccountError):
    """Another account already uses this email address (in any letter case)."""


class WeakPassword(AccountError):
    """The new password breaks the password policy."""

    field = "password"


class WrongPassword(AccountError):
    """The current password given does not match."""

    field = "current_password"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(session: Session, email: str) -> User | None:
    """The account for this address, whatever the letter case."""
    return session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def can_log_in(user: User | None) -> bool:
    """Sample reviewers from the seed data have no password and never log in."""
    return user is not None and not user.is_sample and bool(user.password_hash)


@cache
def _dummy_hash() -> str:
    return hash_password("not-a-real-password: spend the same work as a real check")


def _apply_policy(password: str, user_email: str, display_name: str) -> None:
    try:
        check_password(password, email=user_email, display_name=display_name)
    except PasswordRejected as exc:
        raise WeakPassword(str(exc)) from None


def register_user(session: Session, email: str, display_name: str, password: str) -> User:
    """A new unverified member; raises DuplicateEmail or WeakPassword."""
    email, display_name = normalise_email(email), display_name.strip()
    if find_by_email(session, email) is not None:
        raise DuplicateEmail("An account with this email address already exists. Log in or reset your password.")
    _apply_policy(password, email, display_name)
    user = User(email=email, display_name=display_name, password_hash=hash_password(password), role=Role.MEMBER)
    try:
        with session.begin_nested():  # a concurrent registration of the same address loses here, not with a 500
            session.add(user)
    except IntegrityError:
        raise DuplicateEmail("An account with this email address already exists. Log in or reset your password.") \
            from None
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user when the password matches; None otherwise, after the same hashing work either way."""
    dummy = _dummy_hash()  # made before the lookup, so the first unknown email is not slower than the rest
    user = find_by_email(session, email)
    if not can_log_in(user):
        verify_password(dummy, password)  # unknown emails cost as much as wrong passwords
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):  # argon2 parameters changed since this hash was made
        user.password_hash = hash_password(password)
        session.flush()
    return user


def revoke_sessions(user: User) -> None:
    """Every session and remember cookie issued so far stops working (they carry the old version)."""
    user.session_version = (user.session_version or 1) + 1


def change_password(session: Session, user: User, current_password: str, new_password: str) -> None:
    """Set a new password after checking the current one; other sessions are revoked."""
    if not verify_password(user.password_hash, current_password):
        raise WrongPassword("That is not your current password.")
    _apply_policy(new_password, user.email, user.display_name)
    user.password_hash = hash_password(new_password)
    revoke_sessions(user)
    session.flush()


def reset_password(session: Session, user: User, new_password: str) -> None:
    """Set a new password from a reset link; the link proved the mailbox, so the email counts as verified."""
    if user.is_sample:
        raise AccountError("Sample accounts cannot sign in.")
    _apply_policy(new_password, user.email, user.display_name)
    user.password_hash = hash_password(new_password)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    revoke_sessions(user)
    session.flush()


def verify_email(session: Session, user: User) -> bool:
    """Mark the email verified; False when it already was."""
    if user.email_verified_at is not None:
        return False
    user.email_verified_at = utcnow()
    session.flush()
    return True
