"""Cleaning free text that arrives in query strings and forms."""
import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str | None, limit: int) -> str:
    """Drop control characters (PostgreSQL refuses NUL), trim, and cap the length."""
    return _CONTROL.sub("", value or "").strip()[:limit]


# Urdu as people type it: Arabic-keyboard letters (ي ك ه), vowel marks, Urdu or Arabic digits, zero-width joiners
# and the tatweel vary from one writer to the next; search compares the folded forms.
_URDU_FOLD = str.maketrans({
    **dict.fromkeys("يى", "ی"), "ك": "ک", **dict.fromkeys("هە", "ہ"), "ۀ": "ۂ", "ة": "ۃ",
    **{chr(0x0660 + digit): str(digit) for digit in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + digit): str(digit) for digit in range(10)},  # Urdu (Extended Arabic-Indic) digits
    **dict.fromkeys("\u0640\u200c\u200d\u200e\u200f\u061c\u00ad\ufeff"),  # tatweel, joiners, direction marks
    **dict.fromkeys("،؛؟۔٪٫٬«»", " "),  # Arabic-script punctuation separates words
})
# Loosely: letters carrying a hamza or madda as their bare letter ("اسلام اباد" is "اسلام آباد"), and the letters an
# Arabic keyboard lacks as the ones typed instead (ھ and ں typed as ه and ن: "تهائی", "مين")
_URDU_LOOSE = str.maketrans({**dict.fromkeys("آأإٱ", "ا"), "ؤ": "و", "ئ": "ی", "ۓ": "ے", **dict.fromkeys("ۂۃھ", "ہ"),
                             "ں": "ن"})
_URDU_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")


def fold_urdu(text: str, *, loose: bool = False) -> str:
    """Urdu letter variants, marks, digits and joiners folded to one form ("كلفٹن" -> "کلفٹن"); Latin text unchanged.

    `loose` also drops hamza and madda and merges ھ/ہ and ں/ن: for keys nobody reads (what the gazetteer, the
    full-text index and the one-box interpreter compare), never for text shown back.
    """
    if text.isascii():
        return text
    text = _URDU_MARKS.sub("", unicodedata.normalize("NFKC", text).translate(_URDU_FOLD))  # NFKC: presentation forms
    return text.translate(_URDU_LOOSE) if loose else text


def N_(text: str) -> str:
    """Mark an English label for the catalog (`pybabel extract -k N_`) without translating it here: the label stays
    plain English in data and the API, and pages show it in their language with the `tr` filter."""
    return text
