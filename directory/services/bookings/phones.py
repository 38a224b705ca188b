"""Pakistani mobile numbers as people type them (0300-1234567, +92 300 1234567, 92300...) to E.164."""
import re

from flask_babel import lazy_gettext as _l

from ..errors import ServiceError
from .machine import BookingError


def to_e164(text: str) -> str:
    """+923001234567 from any usual Pakistani mobile spelling; ServiceError (field mobile) otherwise."""
    digits = re.sub(r"[\s\-().]", "", str(text or ""))
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("0092"):
        digits = digits[2:]
    if digits.startswith("03") and len(digits) == 11:
        digits = "92" + digits[1:]
    if not re.fullmatch(r"923\d{9}", digits):
        raise BookingError(_l("Enter a Pakistani mobile number like 0300-1234567 or +92 300 1234567."), "mobile")
    return "+" + digits


def wa_digits(text: str | None) -> str:
    """The digits wa.me wants (country code, no plus), or "" when the number is not usable."""
    try:
        return to_e164(text or "")[1:]
    except ServiceError:
        digits = re.sub(r"\D", "", text or "")
        return digits if len(digits) >= 10 and not digits.startswith("0") else ""
