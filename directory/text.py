"""Cleaning free text that arrives in query strings and forms."""
import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str | None, limit: int) -> str:
    """Drop control characters (PostgreSQL refuses NUL), trim, and cap the length."""
    return _CONTROL.sub("", value or "").strip()[:limit]


# Urdu as people type it: Arabic-keyboard letters (ي ك ه), hamza and madda forms, vowel marks, Urdu or Arabic
# digits, zero-width joiners and the tatweel vary from one writer to the next; search compares the folded forms.
_URDU_FOLD = str.maketrans({
    **dict.fromkeys("يىئۍێ", "ی"), "ك": "ک", **dict.fromkeys("هەۀۂةۃ", "ہ"), **dict.fromkeys("أإآٱ", "ا"),
    "ؤ": "و", "ۓ": "ے",
    **{chr(0x0660 + digit): str(digit) for digit in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + digit): str(digit) for digit in range(10)},  # Urdu (Extended Arabic-Indic) digits
    **dict.fromkeys("\u0640\u200c\u200d\u200e\u200f\u061c\u00ad\ufeff"),  # tatweel, joiners, direction marks
    **dict.fromkeys("،؛؟۔٪٫٬«»", " "),  # Arabic-script punctuation separates words
})
_URDU_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")


def fold_urdu(text: str) -> str:
    """Urdu letter variants, marks, digits and joiners folded to one form ("كلفٹن" -> "کلفٹن"); Latin text unchanged."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)  # presentation forms to plain letters
    return _URDU_MARKS.sub("", text.translate(_URDU_FOLD))
