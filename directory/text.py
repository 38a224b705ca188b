"""Cleaning free text that arrives in query strings and forms."""
import functools
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


def search_words(text: str) -> list[str]:
    """The words free-text search compares, the same for a center's document and a query: Urdu folded loosely,
    case folded, accents dropped ("Café" is "cafe"), and split into runs of letters and digits (_search_patterns).

    Both databases index documents already made of these words, one space apart (search_document), so what finds a
    center does not depend on their tokenizers' own folding, and SQLite can test one center's document for a word's
    beginning with `instr(body, ' ' || word)` (services/search_text.py)."""
    if text.isascii():
        return _ASCII_WORD.findall(text.lower())
    word, mark = _search_patterns()
    return word.findall(mark.sub("", unicodedata.normalize("NFKD", fold_urdu(text, loose=True).casefold())))


def search_document(text: str) -> str:
    """A center's searchable text as its words, with a space before each (and after the last)."""
    return f" {' '.join(search_words(text))} "


_ASCII_WORD = re.compile("[a-z0-9]+")


@functools.cache
def _search_patterns() -> tuple[re.Pattern, re.Pattern]:
    """Runs of letters and digits as Unicode 3.2 classes them (`unicodedata.ucd_3_2_0`), a set both full-text
    tokenizers take as parts of words (SQLite's FTS5 classes characters by Unicode 6.1, PostgreSQL's parser by its
    locale): a letter newer than that separates words here, so neither database ever sees one. And the marks
    (accents once NFKD has split them off). Built once (~0.1 s)."""
    return _runs(lambda ch: unicodedata.ucd_3_2_0.category(ch)[0] in "LN"), _runs(
        lambda ch: unicodedata.category(ch)[0] == "M")


def _runs(inside) -> re.Pattern:
    """A pattern of runs of the characters (up to U+2FFFF) for which `inside` holds."""
    ranges, start = [], None
    for code in range(0x30001):
        if code < 0x30000 and inside(chr(code)):
            start = code if start is None else start
        elif start is not None:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
            start = None
    return re.compile(f"[{''.join(ranges)}]+")


def N_(text: str) -> str:
    """Mark an English label for the catalog (`pybabel extract -k N_`) without translating it here: the label stays
    plain English in data and the API, and pages show it in their language with the `tr` filter."""
    return text
