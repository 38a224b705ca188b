"""Password rules (NIST SP 800-63B / ASVS 6.2): length, no composition rules, no common or site-word passwords."""
import re
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

from .errors import ServiceError

MIN_LENGTH = 8
MAX_LENGTH = 128
SITE_WORDS = ("sukoon", "spa", "massage", "massages", "spas", "center", "centre", "directory")
COMMON_PASSWORDS_PATH = Path(__file__).resolve().parent.parent / "data" / "common_passwords.txt"

_SEPARATORS = re.compile(r"[\s._\-+@]+")
_TRAILING_JUNK = re.compile(r"[\d\W_]+$")


class PasswordRejected(ServiceError):
    """The password breaks a rule; the message says which, in words a person can act on."""


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list, lowercased; loaded once per process."""
    with COMMON_PASSWORDS_PATH.open(encoding="utf-8") as lines:
        return frozenset(line.strip("\r\n").lower() for line in lines if line.strip())


def _personal_words(email: str, display_name: str) -> set[str]:
    """The user's own words: the email's local part and the display name, whole and in pieces."""
    local = email.strip().lower().partition("@")[0]
    name = display_name.strip().lower()
    words = {_SEPARATORS.sub("", local), _SEPARATORS.sub("", name)}
    words.update(_SEPARATORS.split(local))
    words.update(_SEPARATORS.split(name))
    return {word for word in words if len(word) >= 3}  # shorter pieces would match too much by accident


def _made_of(text: str, words: set[str]) -> bool:
    """True when `text` is one or more of `words` glued together (word break by dynamic programming)."""
    if not text:
        return False
    reachable = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        reachable[end] = any(reachable[start] and text[start:end] in words for start in range(end))
    return reachable[-1]


def is_site_words(password: str, email: str = "", display_name: str = "") -> bool:
    """Passwords like "Sukoon Spa 2024" or "ayesha.khan99" (for ayesha.khan@...) are guessed first."""
    core = _TRAILING_JUNK.sub("", _SEPARATORS.sub("", password.lower()))
    return _made_of(core, set(SITE_WORDS) | _personal_words(email, display_name))


def check_password(password: str, *, email: str = "", display_name: str = "") -> None:
    """Raise PasswordRejected unless the password may be used by this person."""
    if len(password) < MIN_LENGTH:
        raise PasswordRejected(_l("Use at least %(min_length)s characters.", min_length=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        raise PasswordRejected(_l("Use at most %(max_length)s characters.", max_length=MAX_LENGTH))
    lowered = password.lower()
    if lowered in common_passwords() or lowered.strip() in common_passwords():
        raise PasswordRejected(_l("That password is one of the most common ones, so it is guessed first. A few "
                                  "unrelated words make a strong one."))
    if is_site_words(password, email, display_name):
        raise PasswordRejected(_l("Don't build the password from this site's name or your own name or email."))
