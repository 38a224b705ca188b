"""Every guide text of seeds/services.json and seeds/conditions.json has its Urdu translation in the catalog.

The texts come from the same extractor `make messages` uses (directory/seed_messages.py), so a massage type or
condition added or reworded in the seeds fails here until its Urdu is written.
"""
import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from directory import seed_messages

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "directory" / "translations" / "ur" / "LC_MESSAGES" / "messages.po"
SEEDS = ("seeds/services.json", "seeds/conditions.json")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
URDU_LETTER = re.compile(r"[\u0600-\u06FF]")


def seed_texts():
    texts = []
    for name in SEEDS:
        with open(ROOT / name, "rb") as fileobj:
            for _line, _func, text, _comments in seed_messages.extract(fileobj, (), (), {}):
                if text not in texts:
                    texts.append(text)
    return texts


@pytest.fixture(scope="module")
def catalog():
    with open(CATALOG, "rb") as fileobj:
        return read_po(fileobj, locale="ur")


def test_the_seeds_yield_the_guide_texts():
    texts = seed_texts()
    # Names, summaries, cautions, reasons and red flags of 11 massage types and 11 conditions.
    assert len(texts) > 250
    assert "Swedish" in texts and "Sciatica" in texts
    assert "Fewer baby movements than usual." in texts


@pytest.mark.parametrize("text", seed_texts())
def test_every_guide_text_has_an_urdu_translation(catalog, text):
    message = catalog.get(text)
    assert message is not None, f"not in the catalog (run make messages): {text!r}"
    assert message.string and message.string.strip(), f"untranslated: {text!r}"
    assert not message.fuzzy, f"fuzzy: {text!r}"
    assert URDU_LETTER.search(message.string), f"not written in Urdu: {message.string!r}"
    assert sorted(PLACEHOLDER.findall(message.string)) == sorted(PLACEHOLDER.findall(text))


def test_condition_names_match_their_urdu_names(catalog):
    """A condition page shows name_ur beside the name; the Urdu page must not call it two different things."""
    with open(ROOT / "seeds" / "conditions.json", encoding="utf-8") as fileobj:
        conditions = json.load(fileobj)
    for condition in conditions:
        if condition.get("name_ur"):
            assert catalog.get(condition["name"]).string == condition["name_ur"], condition["slug"]
