"""The guide's words live in seeds/*.json (massage types, conditions) and are shown through gettext.

`extract` is a Babel extractor (babel.cfg): it lists the English texts of those files, so they sit in the same
catalog as the interface and the same test finds any left untranslated. Names in other scripts (`name_ur`,
synonyms) are search vocabulary, not text shown, and are left out.
"""
import json

# The fields of a massage type or condition that pages show; lists are shown item by item.
SHOWN_FIELDS = ("name", "summary", "description", "best_for", "cautions", "pressure", "why", "tell_therapist",
                "red_flags", "wait_if")


def _texts(node):
    if isinstance(node, list):
        for item in node:
            yield from _texts(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in SHOWN_FIELDS:
                yield from _strings(value)
            elif isinstance(value, (list, dict)) and key != "synonyms":
                yield from _texts(value)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                yield item
            else:
                yield from _texts(item)


def extract(fileobj, keywords, comment_tags, options):
    """Babel extractor protocol: (line number, function name, message, comments) per text."""
    seen = set()
    for text in _texts(json.load(fileobj)):
        if text and text not in seen:
            seen.add(text)
            yield 0, "gettext", text, []
