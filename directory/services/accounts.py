"""Account operations: register, log in, verify, change and reset passwords, revoke sessions; the caller commits."""
from dataclasses import dataclass
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from ..models import Review, ReviewStatus, Role, User
from ..models.base import utcnow
from ..passwords import hash_password, needs_rehash, verify_password
from .errors import ServiceError
from .password_policy import PasswordRejected, check_password
from .tokens import RESET_PASSWORD, VERIFY_EMAIL, TokenInvalid, read_token

PROFILE_REVIEWS = 100  # the newest reviews a profile lists


class AccountError(ServiceError):
    """A rule about accounts was broken; `field` names the form field at fault."""

    field = "email"


class WeakPassword(AccountError):
    """The new password breaks the password policy."""

    field = "password"


class WrongPassword(AccountError):
    """The current password given does not match."""

    field = "current_password"


class LoginRefused(AccountError):
    """Wrong password or unknown email: one answer for both."""

    field = None
    status = 401


class BadLink(AccountError):
    """An email link that is forged, expired, for another purpose or already used (`reason` is for the log)."""

    field = None

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Registration:
    """The new account, or the existing one an address already belongs to (`created` False: mail its owner)."""

    user: User
    created: bool


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
        raise WeakPassword(exc.raw_message) from None


def register(session: Session, email: str, display_name: str, password: str,
             language: str | None = None) -> Registration:
    """A new unverified member, or the address's existing account: the caller answers both alike (no enumeration).

    `language` (the page's) is the new member's: their mail comes in it. An existing account keeps its own.
    """
    email, display_name = normalise_email(email), display_name.strip()
    _apply_policy(password, email, display_name)  # first, so a taken address gets the same policy answers
    password_hash = hash_password(password)  # also for a taken address: the same work either way
    existing = find_by_email(session, email)
    if existing is not None:
        return Registration(existing, created=False)
    user = User(email=email, display_name=display_name, password_hash=password_hash, role=Role.MEMBER,
                language=language)
    try:
        with session.begin_nested():  # a concurrent registration of the same address loses here, not with a 500
            session.add(user)
    except IntegrityError:  # the other request won the race: its account now owns the address
        return Registration(session.scalar(select(User).where(func.lower(User.email) == email)), created=False)
    return Registration(user, created=True)


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


def log_in(session: Session, email: str, password: str) -> User:
    """The user whose password this is (rehashed if due); LoginRefused otherwise."""
    user = authenticate(session, email, password)
    if user is None:
        raise LoginRefused(_l("The email address or password is not right. Please try again."))
    return user


def revoke_sessions(user: User) -> None:
    """Every session and remember cookie issued so far stops working (they carry the old version)."""
    user.session_version = (user.session_version or 1) + 1


def log_out(session: Session, user: User) -> None:
    """A copied session or remember cookie dies with this one."""
    revoke_sessions(user)
    session.flush()


def change_password(session: Session, user: User, current_password: str, new_password: str) -> None:
    """Set a new password after checking the current one; other sessions are revoked."""
    if not verify_password(user.password_hash, current_password):
        raise WrongPassword(_l("That is not your current password."))
    _apply_policy(new_password, user.email, user.display_name)
    user.password_hash = hash_password(new_password)
    revoke_sessions(user)
    session.flush()


def user_for_link(session: Session, secret_key: str, purpose: str, token: str) -> User:
    """The user an email link was issued to while it is valid; BadLink otherwise."""
    try:
        return read_token(session, secret_key, purpose, token)
    except TokenInvalid as exc:
        if purpose == RESET_PASSWORD:
            raise BadLink(_l("That reset link is invalid, expired or already used. Ask for a new one here."),
                          exc.reason) from None
        raise BadLink(_l("That verification link is invalid, expired or already used. If your email is not "
                         "verified yet, log in and ask for a new link from your profile."), exc.reason) from None


def reset_with_link(session: Session, secret_key: str, token: str, new_password: str) -> User:
    """Set a new password from a reset link (BadLink when the link is not valid)."""
    user = user_for_link(session, secret_key, RESET_PASSWORD, token)
    reset_password(session, user, new_password)
    return user


def reset_password(session: Session, user: User, new_password: str) -> None:
    """Set a new password from a reset link; the link proved the mailbox, so the email counts as verified."""
    if user.is_sample:
        raise AccountError(_l("Sample accounts cannot sign in."))
    _apply_policy(new_password, user.email, user.display_name)
    user.password_hash = hash_password(new_password)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    revoke_sessions(user)
    session.flush()


def confirm_email(session: Session, secret_key: str, token: str) -> User:
    """Mark the email of the link's user verified (a used link is a BadLink)."""
    user = user_for_link(session, secret_key, VERIFY_EMAIL, token)
    verify_email(session, user)
    return user


def verify_email(session: Session, user: User) -> bool:
    """Mark the email verified; False when it already was."""
    if user.email_verified_at is not None:
        return False
    user.email_verified_at = utcnow()
    session.flush()
    return True


def set_language(session: Session, user: User, language: str) -> None:
    """Remember the member's language (the site's and their mail's)."""
    user.language = language
    session.flush()


def my_reviews(session: Session, user_id: int) -> list[Review]:
    """The member's newest reviews (deleted ones left out), with their centers, for the profile."""
    return list(session.scalars(
        select(Review).options(joinedload(Review.center))
        .where(Review.author_id == user_id, Review.status != ReviewStatus.DELETED)
        .order_by(Review.created_at.desc()).limit(PROFILE_REVIEWS)))
