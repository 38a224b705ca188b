"""Places typed in Urdu script or Roman Urdu: every Karachi place, the big cities, Arabic-keyboard letters."""
import csv
from pathlib import Path

import pytest

from directory.config import Config
from directory.geo.gazetteer import get_gazetteer
from directory.text import fold_urdu

FOLDER = Path(Config.GAZETTEER_FOLDER)
# Urdu typed on an Arabic keyboard: yeh, kaf and heh under their Arabic code points
ARABIC_KEYBOARD = str.maketrans({"ی": "ي", "ک": "ك", "ہ": "ه"})


def rows(file_name):
    with (FOLDER / file_name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


KARACHI = rows("karachi.csv")


@pytest.fixture(scope="module")
def gazetteer():
    return get_gazetteer(Config.GAZETTEER_FOLDER)


def is_row(place, row):
    return place is not None and (place.latitude, place.longitude) == (float(row["lat"]), float(row["lng"])) \
        and place.label.endswith(f", {row['city']}")


def test_every_karachi_place_has_an_urdu_name():
    assert len(KARACHI) == 128
    missing = [row["name"] for row in KARACHI if not row["urdu"].strip() or row["urdu"].isascii()]
    assert missing == []


@pytest.mark.parametrize("row", KARACHI, ids=[row["name"] for row in KARACHI])
def test_each_urdu_name_of_a_karachi_place_finds_that_place(gazetteer, row):
    for spelling in row["urdu"].split("|"):
        assert is_row(gazetteer.lookup(spelling), row), spelling
        assert is_row(gazetteer.lookup(spelling.translate(ARABIC_KEYBOARD)), row), spelling
        assert is_row(gazetteer.lookup(f"{spelling}، کراچی"), row), spelling


@pytest.mark.parametrize("row", KARACHI, ids=[row["name"] for row in KARACHI])
def test_each_roman_spelling_of_a_karachi_place_finds_that_place(gazetteer, row):
    for spelling in [row["name"], *filter(None, row["aliases"].split("|"))]:
        assert is_row(gazetteer.lookup(spelling), row), spelling


def test_areas_of_other_cities_in_urdu_with_their_city(gazetteer):
    pakistan = rows("pakistan.csv")
    assert all(row["urdu"] for row in pakistan)
    urdu_city = {"Lahore": "لاہور", "Islamabad": "اسلام آباد", "Rawalpindi": "راولپنڈی"}
    for row in pakistan:
        first = row["urdu"].split("|")[0]
        assert is_row(gazetteer.lookup(f"{first}، {urdu_city[row['city']]}"), row), first


@pytest.mark.parametrize(("text", "expected"), [
    ("کراچی", "Karachi"), ("لاہور", "Lahore"), ("اسلام آباد", "Islamabad"), ("اسلام‌آباد", "Islamabad"),
    ("راولپنڈی", "Rawalpindi"), ("پنڈی", "Rawalpindi"), ("فیصل آباد", "Faisalabad"), ("ملتان", "Multan"),
    ("پشاور", "Peshawar"), ("کوئٹہ", "Quetta"), ("كوئٹه", "Quetta"), ("حیدرآباد", "Hyderabad"),
    ("حیدر آباد", "Hyderabad"), ("سیالکوٹ", "Sialkot"), ("گوجرانوالہ", "Gujranwala"), ("سکھر", "Sukkur"),
    ("بہاولپور", "Bahawalpur"), ("ایبٹ آباد", "Abbottabad"), ("مظفرآباد", "Muzaffarābād"),
    ("Pishawar", "Peshawar"), ("Koita", "Quetta"), ("Haiderabad", "Hyderabad"), ("Faislabad", "Faisalabad"),
    ("Lahoor", "Lahore"), ("Gujranwalla", "Gujranwala"), ("Sialkote", "Sialkot"), ("Multaan", "Multan"),
    ("Islam Abad", "Islamabad"), ("Rawal Pindi", "Rawalpindi"), ("Swat", "Mingora"),
])
def test_cities_in_urdu_and_roman_urdu(gazetteer, text, expected):
    place = gazetteer.lookup(text)
    assert place.label == f"{expected}, Pakistan" and place.kind == "city"


def test_every_city_alias_names_a_pakistani_city(gazetteer):
    for row in rows("urdu_aliases.csv"):
        place = gazetteer.lookup(row["alias"])
        assert place is not None and place.label == f"{row['name']}, Pakistan", row["alias"]


@pytest.mark.parametrize(("text", "expected"), [
    ("كلفٹن", "Clifton, Karachi"),  # Arabic kaf
    ("گلشنِ اقبال", "Gulshan-e-Iqbal, Karachi"),  # a zer between the words
    ("گلشن‌اقبال", "Gulshan-e-Iqbal, Karachi"),  # a zero-width non-joiner for the space
    ("گلشـــن اقبال", "Gulshan-e-Iqbal, Karachi"),  # tatweel
    ("ڈی ایچ اے فیز ۶", "DHA Phase 6, Karachi"), ("ڈی ایچ اے فیز 6", "DHA Phase 6, Karachi"),  # Urdu digits
    ("ڈیفنس فیز سکس", "DHA Phase 6, Karachi"), ("ﻛﻠﻔﭩﻦ", "Clifton, Karachi"),  # presentation forms
    ("بہادرآباد", "Bahadurabad, Karachi"), ("بہادر آباد", "Bahadurabad, Karachi"),
    ("بهادر آباد", "Bahadurabad, Karachi"), ("بہادر اباد", "Bahadurabad, Karachi"),  # Arabic heh, no madda
    ("گلبرگ", "Gulberg, Karachi"), ("گلبرگ، لاہور", "Gulberg, Lahore"), ("لاہور گلبرگ", "Gulberg, Lahore"),
    ("صدر", "Saddar, Karachi"), ("صدر راولپنڈی", "Saddar, Rawalpindi"), ("صدر، پنڈی", "Saddar, Rawalpindi"),
    ("کلفٹن کراچی", "Clifton, Karachi"), ("ایف-7، اسلام آباد", "F-7, Islamabad"),
    ("کلفٹنن", "Clifton, Karachi"),  # a near spelling, as for Latin names
    ("كهارادر", "Kharadar, Karachi"), ("لانڈهی", "Landhi, Karachi"),  # ھ typed as an Arabic heh
    ("کلفٹن، لاہور", None),  # a Karachi area in another city stays unknown
])
def test_urdu_variants_and_qualified_names(gazetteer, text, expected):
    place = gazetteer.lookup(text)
    assert (place and place.label) == expected


def test_urdu_prefixes_suggest_places(gazetteer):
    assert gazetteer.suggest("کلف")[0].label == "Clifton, Karachi"
    assert gazetteer.suggest("كلف")[0].label == "Clifton, Karachi"
    assert gazetteer.suggest("لاہ")[0].label == "Lahore, Pakistan"
    assert "Gulshan-e-Iqbal, Karachi" in [place.label for place in gazetteer.suggest("اقب")]  # a later word


def test_fold_urdu_leaves_latin_alone_and_folds_arabic_forms():
    assert fold_urdu("Zürich café") == "Zürich café"
    assert fold_urdu("كلفٹن") == fold_urdu("کلفٹن") == "کلفٹن"
    assert fold_urdu("پُرسکون") == "پرسکون" and fold_urdu("تجربه") == "تجربہ" and fold_urdu("۵۰۰۰") == "5000"
    assert fold_urdu("کلفٹن۔ صدر") == "کلفٹن  صدر"
    assert fold_urdu("آرام تھائی") == "آرام تھائی" and fold_urdu("آرام تھائی", loose=True) == "ارام تہایی"


@pytest.mark.parametrize("word", ["مریض", "پنڈلی", "مرگی", "ملتا", "سکون", "آرام", "پرسکون", "مساج", "کمر درد", "گردن"])
def test_ordinary_urdu_words_are_not_places(gazetteer, word):
    """Urdu writes few vowels, so a near spelling must be long: a patient (مریض) is not Murree (مری)."""
    assert gazetteer.lookup(word) is None
