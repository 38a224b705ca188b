"""URL helpers: which redirect targets are safe to follow."""
from urllib.parse import urlsplit

MAX_NEXT_LENGTH = 2000


def safe_next(target: str | None) -> str | None:
    """`target` when it is a relative path on this site (like "/centers/x?tab=menu"), otherwise None."""
    if not target or len(target) > MAX_NEXT_LENGTH:
        return None
    # Browsers treat "\" as "/" and drop tabs and newlines, so "/\evil" and "/\t/evil" are really "//evil".
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 or char.isspace() for char in target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
