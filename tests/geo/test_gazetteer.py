"""The offline gazetteer: spellings, "area, city", cities of the world, unknown text, suggestions, geopy Location."""

import pytest

from directory.config import Config
from directory.geo.gazetteer import Place, get_gazetteer, normalize


@pytest.fixture(scope="module")
def gazetteer():
    return get_gazetteer(Config.GAZETTEER_FOLDER)


def label(gazetteer, text):
    place = gazetteer.lookup(text)
    return place and place.label


@pytest.mark.parametrize("text", ["Gulshan", "Gulshan-e-Iqbal", "gulshan e iqbal", "Gulshan-i-Iqbal", "GULSHAN  IQBAL",
                                  " gulshan-e-iqbal, karachi ", "Gulshan-e-Iqbaal"])
def test_spellings_of_gulshan(gazetteer, text):
    assert label(gazetteer, text) == "Gulshan-e-Iqbal, Karachi"


@pytest.mark.parametrize(("text", "expected"), [
    ("DHA", "DHA, Karachi"), ("Defence", "DHA, Karachi"), ("D.H.A", "DHA, Karachi"),
    ("Clifton", "Clifton, Karachi"), ("Clifton, Karachi", "Clifton, Karachi"), ("clifton khi", "Clifton, Karachi"),
    ("Cliftn", "Clifton, Karachi"), ("F.B.Area", "Federal B Area, Karachi"), ("P.E.C.H.S.", "PECHS, Karachi"),
    ("Sharea Faisal", "Shahrah-e-Faisal, Karachi"), ("Quaid's Mausoleum", "Mazar-e-Quaid, Karachi"),
    ("I-8", "I-8, Islamabad"), ("e 11", "E-11, Islamabad"),
])
def test_local_names_aliases_and_punctuation(gazetteer, text, expected):
    assert label(gazetteer, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Karachi", "Karachi, Pakistan"), ("karachi", "Karachi, Pakistan"), ("Khi", "Karachi, Pakistan"),
    ("KHI", "Karachi, Pakistan"), ("Pindi", "Rawalpindi, Pakistan"), ("Isb", "Islamabad, Pakistan"),
    ("Lhr", "Lahore, Pakistan"), ("Lahore", "Lahore, Pakistan"), ("Rawal Pindi", "Rawalpindi, Pakistan"),
    ("Karachi, Pakistan", "Karachi, Pakistan"), ("Hyderabad", "Hyderabad, Pakistan"),
    ("London", "London, United Kingdom"), ("Dubai", "Dubai, United Arab Emirates"), ("Zürich", "Zürich, Switzerland"),
    ("Sao Paulo", "São Paulo, Brazil"), ("Hyderabad, India", "Hyderabad, India"), ("London, Canada", "London, Canada"),
    ("New York", "New York City, United States"), ("Calcutta", "Kolkata, India"),
])
def test_cities(gazetteer, text, expected):
    place = gazetteer.lookup(text)
    assert place.label == expected and place.kind == "city"


def test_city_point_comes_from_cities_csv(gazetteer):
    assert gazetteer.lookup("Lahore") == Place(31.558, 74.3507, "Lahore, Pakistan", "city")


@pytest.mark.parametrize(("text", "expected"), [
    ("Saddar", "Saddar, Karachi"),  # Karachi first
    ("Saddar, Rawalpindi", "Saddar, Rawalpindi"), ("Saddar Pindi", "Saddar, Rawalpindi"),
    ("Gulberg", "Gulberg, Karachi"), ("Gulberg, Lahore", "Gulberg, Lahore"), ("Lahore Gulberg", "Gulberg, Lahore"),
    ("DHA Lahore", "DHA, Lahore"), ("DHA, Lahore", "DHA, Lahore"), ("Defence, Lahore", "DHA, Lahore"),
    ("Model Town, Lahore", "Model Town, Lahore"), ("Cantt, Rawalpindi", "Cantt, Rawalpindi"),
    ("cantt pindi", "Cantt, Rawalpindi"), ("G-5, Islamabad", "G-5, Islamabad"),
    ("New Karachi", "New Karachi, Karachi"), ("Karachi University", "Karachi University, Karachi"),
])
def test_place_and_city(gazetteer, text, expected):
    assert label(gazetteer, text) == expected


@pytest.mark.parametrize("text", ["Xyzzy", "xyzzy, Karachi", "Saddar, Lahore", "Clifton, Lahore", "massage", "spa",
                                  "thai massage", "best spa near me", "qwerty", "", "   ", "!!!", "\x00", "a" * 500,
                                  "مساج", "زززز", "کلفٹن، لاہور"])
def test_unknown_text_is_none(gazetteer, text):
    assert gazetteer.lookup(text) is None


def test_normalize_keeps_sector_letters_and_drops_connectors():
    assert normalize("Gulshan-e-Iqbal") == normalize("gulshan i iqbal") == "gulshan iqbal"
    assert normalize("I-8") == "i 8" and normalize("Sector E-11") == "sector e 11"
    assert normalize("Gulshan-e", connectors=True) == "gulshan e"


def test_suggest_finds_names_aliases_and_words(gazetteer):
    assert [place.label for place in gazetteer.suggest("gul")][:3] == [
        "Gulshan-e-Iqbal, Karachi", "Gulistan-e-Jauhar, Karachi", "Gulberg, Karachi"]
    assert gazetteer.suggest("Gulshan-e-I")[0].label == "Gulshan-e-Iqbal, Karachi"  # while typing the connector
    assert "Gulshan-e-Iqbal, Karachi" in [place.label for place in gazetteer.suggest("iqb")]  # a later word
    assert gazetteer.suggest("Kar")[0].label == "Karachi, Pakistan"
    assert gazetteer.suggest("pin")[0].label == "Rawalpindi, Pakistan"  # an alias of a city
    assert gazetteer.suggest("defence")[0].label == "DHA, Karachi"  # an alias typed in full
    assert gazetteer.suggest("def")[0].label == "Defence View, Karachi"  # a name before an alias


def test_suggest_puts_pakistan_before_the_world_and_the_world_by_population(gazetteer):
    places = gazetteer.suggest("lon", limit=3)
    assert [place.label for place in places] == ["London, United Kingdom", "Longyan, China", "Londrina, Brazil"]
    places = gazetteer.suggest("sa", limit=100)
    pakistani = [place.label.endswith(("Pakistan", "Karachi", "Lahore", "Islamabad", "Rawalpindi")) for place in places]
    assert places[0].label == "Saddar, Karachi"
    assert True in pakistani and False in pakistani and pakistani == sorted(pakistani, reverse=True)


def test_suggest_limits_and_short_prefixes(gazetteer):
    assert len(gazetteer.suggest("ma", limit=5)) == 5
    assert len(set(gazetteer.suggest("sa", limit=30))) == 30
    assert gazetteer.suggest("k") == [] and gazetteer.suggest(" -") == [] and gazetteer.suggest("") == []
    assert gazetteer.suggest("zzzzqq") == []

