"""The Urdu catalog is complete and current, and every string a visitor reads in a template goes through gettext.

These read the real catalog and templates; the detectors themselves are tried on small samples in
test_catalog_checks.py. A failure lists what to fix (first 40 lines, then the count)."""
from babel.messages.pofile import read_po

from directory import PROJECT_ROOT

from .catalog_checks import catalog_problems, extracted_ids, missing_from_catalog, unmarked_in_templates

CATALOG = PROJECT_ROOT / "directory" / "translations" / "ur" / "LC_MESSAGES" / "messages.po"


def listing(found: list[str]) -> str:
    return "\n".join(found[:40]) + f"\n({len(found)} in all)"


def urdu_catalog():
    with open(CATALOG, "rb") as handle:
        return read_po(handle, locale="ur")


def test_every_entry_is_translated_not_fuzzy_and_keeps_its_placeholders():
    problems = catalog_problems(urdu_catalog())
    assert not problems, listing(problems)


def test_catalog_holds_every_string_marked_now():
    """Stale when a string was marked (or changed) without `make messages`: it would show in English."""
    missing = missing_from_catalog(extracted_ids(PROJECT_ROOT), urdu_catalog())
    assert not missing, "run `make messages` and translate:\n" + listing(missing)


def test_templates_have_no_text_outside_gettext():
    found = unmarked_in_templates(PROJECT_ROOT / "templates")
    assert not found, "wrap in {{ _(...) }} or {% trans %}:\n" + listing(found)
