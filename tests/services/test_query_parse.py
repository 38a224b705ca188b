"""The one-box interpreter on real-world queries: English, Roman Urdu, Urdu, misspellings and word orders."""
import json

import pytest

from directory import PROJECT_ROOT
from directory.geo.gazetteer import get_gazetteer
from directory.services.one_box import vocabulary_for
from directory.services.query_parse import interpret

GAZETTEER = PROJECT_ROOT / "seeds" / "gazetteer"


@pytest.fixture(scope="module")
def vocabulary():
    services = json.loads((PROJECT_ROOT / "seeds" / "services.json").read_text(encoding="utf-8"))
    return vocabulary_for(str(PROJECT_ROOT / "seeds" / "conditions.json"),
                          tuple((service["slug"], service["name"]) for service in services), GAZETTEER)


def read(text, vocabulary):
    return interpret(text, vocabulary, get_gazetteer(GAZETTEER).lookup)


W, M = {"gender": ["women_only", "separate_sections"]}, {"gender": ["men_only", "separate_sections"]}
F = {"amenity": ["female_therapists"]}
CLIFTON, DHA, GULSHAN = "Clifton, Karachi", "DHA, Karachi", "Gulshan-e-Iqbal, Karachi"
# query -> the interpretation's non-empty fields; `place` is the place name; a condition brings its suited types
TABLE = [
    ("sciatica near Clifton", {"condition": "sciatica", "place": CLIFTON}),
    ("kamar dard DHA", {"condition": "lower-back-pain", "place": DHA}),
    ("women only thai gulshan", {"services": ["thai"], "place": GULSHAN, "filters": W}),
    ("deep tissue clifton", {"services": ["deep-tissue"], "place": CLIFTON}),
    ("female therapist", {"filters": F}),
    ("prenatal massage Gulshan", {"services": ["prenatal"], "place": GULSHAN}),
    ("stiff neck from desk work", {"condition": "desk-posture-strain"}),
    ("zzzzqqq", {"text": "zzzzqqq"}),
    ("کمر درد کلفٹن", {"condition": "lower-back-pain", "place": CLIFTON}),
    ("clifton deep tissue", {"services": ["deep-tissue"], "place": CLIFTON}),
    ("deep tissue in clifton", {"services": ["deep-tissue"], "place": CLIFTON}),
    ("deep tissue near clifton", {"services": ["deep-tissue"], "place": CLIFTON}),
    ("deep tisue clifton", {"services": ["deep-tissue"], "place": CLIFTON}),
    ("siatica near clifton", {"condition": "sciatica", "place": CLIFTON}),
    ("sciatica", {"condition": "sciatica"}),
    ("lower back pain", {"condition": "lower-back-pain"}),
    ("back pain in DHA", {"condition": "lower-back-pain", "place": DHA}),
    ("scoliosis", {"condition": "scoliosis"}),
    ("fibromyalgia gulshan", {"condition": "fibromyalgia", "place": GULSHAN}),
    ("arthritis massage near tariq road", {"condition": "arthritis", "place": "Tariq Road, Karachi"}),
    ("gardan dard", {"condition": "upper-back-neck-tension"}),
    ("sar dard", {"condition": "tension-headache"}),
    ("sir dard ka ilaj", {"condition": "tension-headache"}),
    ("headache massage clifton", {"condition": "tension-headache", "place": CLIFTON}),
    ("pregnancy massage", {"services": ["prenatal"]}),
    ("pregnant back pain", {"condition": "pregnancy-aches"}),
    ("hamal mein kamar dard", {"condition": "pregnancy-aches"}),
    ("neend nahi aati", {"condition": "stress-poor-sleep"}),
    ("stress relief spa", {"condition": "stress-poor-sleep"}),
    ("sports injury", {"condition": "sports-strain-recovery"}),
    ("gym ke baad dard", {"condition": "sports-strain-recovery"}),
    ("thai massage", {"services": ["thai"]}),
    ("thai massage karachi", {"services": ["thai"], "place": "Karachi, Pakistan"}),
    ("swedish in DHA phase 6", {"services": ["swedish"], "place": "DHA Phase 6, Karachi"}),
    ("hot stone near do darya", {"services": ["hot-stone"], "place": "Do Darya, Karachi"}),
    ("reflexology bahadurabad", {"services": ["reflexology"], "place": "Bahadurabad, Karachi"}),
    ("foot massage saddar", {"services": ["reflexology"], "place": "Saddar, Karachi"}),
    ("trigger point therapy", {"services": ["trigger-point"]}),
    ("ladies spa clifton", {"place": CLIFTON, "filters": W}),
    ("ladies only massage gulshan mein", {"place": GULSHAN, "filters": W}),
    ("gents massage saddar", {"place": "Saddar, Karachi", "filters": M}),
    ("men only", {"filters": M}),
    ("female therapist clifton", {"place": CLIFTON, "filters": F}),
    ("lady therapist DHA", {"place": DHA, "filters": F}),
    ("male therapist", {"filters": {"amenity": ["male_therapists"]}}),
    ("couples massage sea view", {"place": "Sea View, Karachi", "filters": {"amenity": ["couples_room"]}}),
    ("wheelchair accessible spa", {"filters": {"amenity": ["wheelchair_access"]}}),
    ("prayer area", {"filters": {"amenity": ["prayer_area"]}}),
    ("parking", {"filters": {"amenity": ["parking"]}}),
    ("private rooms", {"filters": {"amenity": ["private_rooms"]}}),
    ("couples room with parking in clifton", {"place": CLIFTON, "filters": {"amenity": ["couples_room", "parking"]}}),
    ("open now", {"filters": {"open_now": True}}),
    ("abhi khula spa", {"filters": {"open_now": True}}),
    ("verified therapist", {"filters": {"verified": True}}),
    ("spa near me", {"near_me": True}),
    ("massage mere qareeb", {"near_me": True}),
    ("nearby thai", {"services": ["thai"], "near_me": True}),
    ("cheap massage", {"filters": {"sort": "price"}}),
    ("sasta spa gulshan", {"place": GULSHAN, "filters": {"sort": "price"}}),
    ("under 5000", {"filters": {"max_price": 5000}}),
    ("below 5k thai", {"services": ["thai"], "filters": {"max_price": 5000}}),
    ("5000 se kam malish", {"filters": {"max_price": 5000}}),
    ("top rated spa clifton", {"place": CLIFTON, "filters": {"sort": "rating"}}),
    ("best deep tissue in karachi", {"services": ["deep-tissue"], "place": "Karachi, Pakistan",
                                     "filters": {"sort": "rating"}}),
    ("thai near zzzzqqq", {"services": ["thai"], "unknown_place": "zzzzqqq"}),
    ("thai massage in gulshn", {"services": ["thai"], "place": GULSHAN}),
    ("raintree", {"text": "raintree"}),
    ("the raintree spa", {"text": "raintree"}),
    ("serena hotel spa", {"text": "serena hotel"}),
    ("royal spa clifton", {"place": CLIFTON, "text": "royal"}),
    ("massage", {}),  # every listing is a massage center: all of them, as for "مساج"
    ("massage center", {}),
    ("spa", {"text": "spa"}),
    ("spa center", {"text": "spa"}),
    ("مساج", {}),
    ("مالش سینٹر", {}),
    ("سپا", {"text": "spa"}),
    ("اسپا", {"text": "spa"}),
    ("کلینک", {"text": "clinic"}),
    ("گردن درد", {"condition": "upper-back-neck-tension"}),
    ("سر درد", {"condition": "tension-headache"}),
    ("خواتین سپا", {"filters": W}),
    ("tahi massage", {"services": ["thai"]}),
    ("deep tisue", {"services": ["deep-tissue"]}),
    ("swedsh massage", {"services": ["swedish"]}),
    ("reflexolgy", {"services": ["reflexology"]}),
    ("kamr dard clifton", {"condition": "lower-back-pain", "place": CLIFTON}),
    ("women only thai near DHA", {"services": ["thai"], "place": DHA, "filters": W}),
    ("female therapist Clifton open now", {"place": CLIFTON, "filters": {**F, "open_now": True}}),
    ("Deep Tissue, Clifton!!", {"services": ["deep-tissue"], "place": CLIFTON}),
    ("💆 thai clifton 💆", {"services": ["thai"], "place": CLIFTON}),
    ("thai in lahore", {"services": ["thai"], "place": "Lahore, Pakistan"}),
    ("spa in dubai", {"place": "Dubai, United Arab Emirates"}),
    ("massage in islamabad f-7", {"place": "F-7, Islamabad"}),
]


def test_the_table_is_big_enough():
    assert len(TABLE) >= 60 and len({query for query, _ in TABLE}) == len(TABLE)


@pytest.mark.parametrize(("query", "expected"), TABLE, ids=[query for query, _ in TABLE])
def test_real_world_queries(vocabulary, query, expected):
    found = read(query, vocabulary).as_dict()
    found["place"] = found["place"] and found["place"]["name"]
    if "condition" in expected and "services" not in expected:  # the condition's suited types, best first
        expected = {**expected, "services": list(vocabulary.conditions[expected["condition"]].services)}
    assert {key: value for key, value in found.items() if value} == expected


def test_a_misspelled_place_after_in_offers_the_nearest_spellings(vocabulary):
    found = read("massage in glifton", vocabulary)
    assert found.unknown_place == "glifton" and found.place is None and found.suggestions[0] == "Clifton"
    assert len(found.suggestions) <= 3


def test_unknown_words_alone_are_text_not_a_place(vocabulary):
    found = read("zzzzqqq", vocabulary)
    assert found.unknown_place is None and found.text == "zzzzqqq"


def test_each_part_can_be_dropped_from_the_text(vocabulary):
    found = read("women only thai near clifton", vocabulary)
    without = {part.kind + ":" + part.label: found.without(part) for part in found.parts}
    assert without == {"service:Thai": "women only near clifton", "place:near Clifton, Karachi": "women only thai",
                       "filter:women only or women's section": "thai near clifton"}
    assert read(without["filter:women only or women's section"], vocabulary).filters == {}
    assert read("thai clifton mein", vocabulary).parts[1].words == (1, 2)


def test_a_named_type_is_searched_instead_of_the_conditions_types(vocabulary):
    found = read("sciatica deep tissue", vocabulary)
    assert found.condition == "sciatica" and found.services == ("deep-tissue",)


@pytest.mark.parametrize("text", ["", "   ", "\t\n", "!!!", "💆💆💆", "-- ; drop table", "x" * 5000,
                                  " ".join(["thai"] * 400), "\u200f\u200e", "٠١٢"])
def test_odd_input_reads_as_little_and_never_fails(vocabulary, text):
    found = read(text, vocabulary)
    assert found.condition is None and found.place is None and len(found.words) <= 16
    assert found.services in ((), ("thai",))


def test_price_cap_is_bounded(vocabulary):
    assert read("under 99999999", vocabulary).filters == {}  # not a price a menu could hold: left as text
    assert read("under 900k", vocabulary).filters == {"max_price": 900_000}
