"""Checks of the Urdu catalog and of the templates, used by test_catalog_complete.py (and tested on small samples in
test_catalog_checks.py, so a check that finds nothing is known to be able to find something).

- `catalog_problems`: untranslated, fuzzy, or placeholders (%(name)s) that differ between msgid and msgstr.
- `extracted_ids`: every msgid the project marks now (babel.cfg, as `make messages` extracts them).
- `unmarked_strings`: text a visitor reads in a template that does not go through gettext (not the literal
  computer text in <script>, <style>, <code>, <kbd>, <samp>).
"""
import re
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "N_": None}  # as the Makefile's `pybabel extract -k _l -k N_`

# Attributes a visitor reads or hears (screen readers), and `data-label`, which phone.css shows as a caption.
READ_ATTRIBUTES = frozenset({"placeholder", "aria-label", "title", "alt", "data-label"})
BUTTON_INPUTS = frozenset({"submit", "button", "reset"})
# Text that stays as it is in Urdu: proper names written in Latin letters in Urdu too. Kept short on purpose.
ALLOWED = frozenset({
    "Sukoon",         # the brand
    "WhatsApp",       # a product name, written so on Urdu signboards and apps
})
# Literal computer text (a sample code, an HTTP method, JSON) is the same in every language, like <script>.
LITERAL = frozenset({"script", "style", "code", "kbd", "samp"})
LETTER = re.compile(r"[^\W\d_]")
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
JINJA_TRANS = re.compile(r"\{%-?\s*trans\b.*?%\}.*?\{%-?\s*endtrans\s*-?%\}", re.S)  # marked: the whole block goes
JINJA_TAG = re.compile(r"\{%.*?%\}", re.S)
JINJA_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text or ""))


def catalog_problems(catalog: Catalog) -> list[str]:
    """Entries a visitor would see in English (untranslated), unchecked (fuzzy), or broken (placeholders)."""
    problems = []
    for message in catalog:
        if not message.id:
            continue  # the header
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        if not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        for index, string in enumerate(strings):  # plural forms: the first against the singular, the rest plural
            expected = _placeholders(ids[min(index, len(ids) - 1)])
            if _placeholders(string) != expected:
                problems.append(f"placeholders {sorted(_placeholders(string))} instead of {sorted(expected)}: "
                                f"{ids[0]!r}")
    return problems


def extracted_ids(root: Path) -> set[str]:
    """The msgid (the singular, for plurals) of every string marked in the project now, per babel.cfg."""
    with open(root / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, "babel.cfg")
    found = extract_from_dir(str(root), method_map, options_map, keywords=KEYWORDS)
    return {message[0] if isinstance(message, tuple) else message for _file, _line, message, _notes, _ctx in found}


def missing_from_catalog(ids: set[str], catalog: Catalog) -> list[str]:
    return sorted(msgid for msgid in ids if msgid and catalog.get(msgid) is None)


def _blank(match: re.Match) -> str:
    """A removed Jinja piece becomes spaces (same newlines, so line numbers still point at the template)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def strip_jinja(source: str) -> str:
    """The template without comments, trans blocks (marked), tags and expressions; what is left is literal HTML."""
    for pattern in (JINJA_COMMENT, JINJA_TRANS, JINJA_TAG, JINJA_EXPRESSION):
        source = pattern.sub(_blank, source)
    return source


def _readable(text: str) -> bool:
    text = " ".join(text.split())
    return bool(LETTER.search(text)) and text not in ALLOWED


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in LITERAL:
            self.skipping += 1
        values = dict(attrs)
        for name, value in attrs:
            shown = name in READ_ATTRIBUTES or (name == "value" and (
                tag == "button" or (tag == "input" and (values.get("type") or "").lower() in BUTTON_INPUTS)))
            if shown and value and _readable(value):
                self.found.append((self.getpos()[0], f'{tag} {name}="{" ".join(value.split())}"'))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in LITERAL:
            self.skipping -= 1

    def handle_endtag(self, tag):
        if tag in LITERAL and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and _readable(data):
            leading = data[: len(data) - len(data.lstrip())]
            self.found.append((self.getpos()[0] + leading.count("\n"), " ".join(data.split())))


def unmarked_strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of every text node and read attribute with letters left once the Jinja is taken out."""
    finder = _Finder()
    finder.feed(strip_jinja(source))
    finder.close()
    return finder.found


def unmarked_in_templates(templates: Path) -> list[str]:
    return [f"{path.relative_to(templates)}:{line}: {text}"
            for path in sorted(templates.rglob("*.html"))
            for line, text in unmarked_strings(path.read_text(encoding="utf-8"))]
