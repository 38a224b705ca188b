"""Searching in Urdu: places and massage types typed in Urdu script or Roman Urdu, and Urdu words in listings."""
import json
import re

import pytest

from directory import PROJECT_ROOT
from directory.extensions import db
from directory.geo.gazetteer import get_gazetteer
from directory.services.one_box import vocabulary_for
from directory.services.query_parse import interpret
from directory.services.search import SearchQuery, search
from directory.services.search_index import reindex_center


def api(client, query):
    response = client.get("/api/v1/centers", query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.json


def slugs(data):
    return [item["slug"] for item in data["items"]]


def cards(client, url, **query):
    """The center links of a results page, in order."""
    response = client.get(url, query_string=query or None)
    assert response.status_code == 200
    return re.findall(r'<li class="card result"[^>]*data-url="([^"]+)"', response.get_data(as_text=True))


@pytest.mark.parametrize(("urdu", "english"), [("مساج", "massage"), ("مالش", "massage"), ("malish", "massage"),
                                               ("سپا", "spa"), ("مساج سینٹر", "massage center")])
def test_the_word_for_massage_or_spa_alone_finds_what_the_english_word_does(seeded_client, urdu, english):
    """"Massage" alone asks for every center (each one is a massage center); "spa" for those whose listing says spa:
    in Urdu as in English (the listings' text is English, so "سپا" found nothing before)."""
    everything = api(seeded_client, {"per_page": 50})
    found = api(seeded_client, {"q": urdu, "per_page": 50})
    expected = api(seeded_client, {"q": english, "per_page": 50})
    assert found["items"] and slugs(found) == slugs(expected) and found["total"] == expected["total"]
    if english != "spa":
        assert slugs(found) == slugs(everything)
    else:
        assert 0 < found["total"] < everything["total"]


@pytest.mark.parametrize("near", ["کلفٹن", "كلفٹن", "کلفٹن، کراچی", "Kliftan"])
def test_near_in_urdu_answers_the_centers_near_clifton(seeded_client, near):
    english = api(seeded_client, {"near": "Clifton", "per_page": 50})
    urdu = api(seeded_client, {"near": near, "per_page": 50})
    assert urdu["origin"]["label"] == "Clifton, Karachi" and english["items"]
    assert slugs(urdu) == slugs(english)
    assert [item["distance_km"] for item in urdu["items"]] == [item["distance_km"] for item in english["items"]]


def test_an_urdu_city_and_an_urdu_area_of_it(seeded_client):
    assert api(seeded_client, {"near": "لاہور"})["origin"]["label"] == "Lahore, Pakistan"
    assert api(seeded_client, {"near": "گلبرگ، لاہور"})["origin"]["label"] == "Gulberg, Lahore"
    assert api(seeded_client, {"near": "گلشنِ اقبال"})["origin"]["label"] == "Gulshan-e-Iqbal, Karachi"


@pytest.mark.parametrize(("q", "services", "place"), [
    ("کلفٹن میں تھائی مساج", ["thai"], "Clifton, Karachi"),
    ("كلفٹن ميں تھائی مساج", ["thai"], "Clifton, Karachi"),  # Arabic kaf and yeh
    ("سر کی مالش ڈیفنس", ["head-neck-shoulder"], "DHA, Karachi"),
    ("ڈیپ ٹشو مساج گلشن اقبال کے پاس", ["deep-tissue"], "Gulshan-e-Iqbal, Karachi"),
    ("پاؤں کی مالش صدر میں", ["reflexology"], "Saddar, Karachi"),
    ("champi in kliftan", ["head-neck-shoulder"], "Clifton, Karachi"),
    ("thai malish difence", ["thai"], "DHA, Karachi"),
    ("ہاٹ اسٹون مساج لاہور", ["hot-stone"], "Lahore, Pakistan"),
])
def test_the_box_reads_urdu_and_roman_urdu(seeded_client, q, services, place):
    data = api(seeded_client, {"q": q, "per_page": 50})
    understood = data["interpretation"]
    assert understood["services"] == services and understood["place"]["name"] == place
    assert understood["text"] == "" and understood["unknown_place"] is None
    same = api(seeded_client, {"service": services[0], "near": place, "per_page": 50})
    assert slugs(data) == slugs(same)


def test_the_urdu_results_page_reads_an_urdu_box(seeded_client):
    found = cards(seeded_client, "/ur/search/", q="کلفٹن میں تھائی مساج")
    assert found and found == cards(seeded_client, "/ur/search/", service="thai", near="Clifton")
    assert all(url.startswith("/ur/") for url in found)


@pytest.mark.parametrize("q", ["کلفٹن", "کلفٹن میں مساج", "مالش کلفٹن کے پاس", "massage in clifton",
                               "Kliftan mein malish"])
def test_a_place_alone_in_an_urdu_box_becomes_a_distance_search(seeded_client, q):
    response = seeded_client.get("/ur/search/", query_string={"q": q})
    assert response.status_code == 302
    near = cards(seeded_client, "/ur/search/", near="Clifton")
    assert near and cards(seeded_client, response.location) == near


@pytest.fixture
def listings(factories):
    """A center described in Urdu and one described in English, both in Clifton."""
    urdu = factories.center(name="سکون سپا", description="خاندانی ماحول، تجربہ کار عملہ اور پُرسکون کمرے۔")
    english = factories.center(name="Calm Spa", description="Family atmosphere, trained staff and quiet rooms.")
    for center in (urdu, english):
        reindex_center(db.session, center)
    db.session.commit()
    return {"urdu": urdu.slug, "english": english.slug}


@pytest.mark.parametrize("q", ["پرسکون", "پُرسکون", "تجربه کار", "خاندانی", "عملہ", "سکون"])
def test_urdu_words_of_a_listing_find_it(client, listings, q):
    assert slugs(api(client, {"q": q})) == [listings["urdu"]]
    found = search(db.session, SearchQuery(q=q), geocode=lambda _text: None, timezone="Asia/Karachi")
    assert [hit.center.slug for hit in found.hits] == [listings["urdu"]]


def test_an_urdu_word_the_listings_lack_finds_nothing(client, listings):
    assert slugs(api(client, {"q": "ہربل"})) == []
    assert slugs(api(client, {"q": "quiet"})) == [listings["english"]]


@pytest.mark.parametrize(("typed", "first"), [("کلف", "Clifton, Karachi"), ("كلف", "Clifton, Karachi"),
                                              ("گلشن ا", "Gulshan-e-Iqbal, Karachi"), ("لاہو", "Lahore, Pakistan")])
def test_place_suggestions_while_typing_urdu(seeded_client, typed, first):
    response = seeded_client.get("/api/v1/places", query_string={"q": typed})
    assert response.status_code == 200 and response.json["items"][0]["label"] == first


GAZETTEER = PROJECT_ROOT / "seeds" / "gazetteer"
W = {"gender": ["women_only", "separate_sections"]}


@pytest.fixture(scope="module")
def vocabulary():
    services = json.loads((PROJECT_ROOT / "seeds" / "services.json").read_text(encoding="utf-8"))
    return vocabulary_for(str(PROJECT_ROOT / "seeds" / "conditions.json"),
                          tuple((service["slug"], service["name"]) for service in services), GAZETTEER)


# Urdu-script and Roman-Urdu boxes -> the interpretation's non-empty fields (place by name)
URDU_BOXES = [
    ("مجھے کلفٹن کے قریب خواتین کے لیے تھائی مساج چاہیے", {"services": ["thai"], "place": "Clifton, Karachi",
                                                          "filters": W}),
    ("گلشن اقبال میں سستا مساج", {"place": "Gulshan-e-Iqbal, Karachi", "filters": {"sort": "price"}}),
    ("بہترین سپا ڈیفنس", {"place": "DHA, Karachi", "filters": {"sort": "rating"}}),
    ("میرے قریب پاؤں کی مالش", {"services": ["reflexology"], "near_me": True}),
    ("پارکنگ والا سپا کلفٹن", {"place": "Clifton, Karachi", "filters": {"amenity": ["parking"]}}),
    ("ابھی کھلا مساج سینٹر بہادرآباد", {"place": "Bahadurabad, Karachi", "filters": {"open_now": True}}),
    ("کپل مساج سی ویو", {"place": "Sea View, Karachi", "filters": {"amenity": ["couples_room"]}}),
    ("تھائی مساج ۵۰۰۰ سے کم ڈیفنس فیز ۶", {"services": ["thai"], "place": "DHA Phase 6, Karachi",
                                         "filters": {"max_price": 5000}}),
    ("سر کی مالش", {"services": ["head-neck-shoulder"]}), ("چمپی", {"services": ["head-neck-shoulder"]}),
    ("گرم پتھروں کی مالش", {"services": ["hot-stone"]}), ("حمل کی مالش", {"services": ["prenatal"]}),
    ("ڈیپ ٹشو مساج", {"services": ["deep-tissue"]}), ("سویڈش مالش", {"services": ["swedish"]}),
    ("اروما تھراپی", {"services": ["aromatherapy"]}), ("اسپورٹس مساج", {"services": ["sports"]}),
    ("ٹرگر پوائنٹ تھراپی", {"services": ["trigger-point"]}), ("مائیو فیشل ریلیز", {"services": ["myofascial-release"]}),
    ("sar ki malish", {"services": ["head-neck-shoulder"]}), ("garam pathar", {"services": ["hot-stone"]}),
    ("pairon ki malish gulshan", {"services": ["reflexology"], "place": "Gulshan-e-Iqbal, Karachi"}),
    ("گلبرگ لاہور میں مساج", {"place": "Gulberg, Lahore"}), ("لاہور گلبرگ", {"place": "Gulberg, Lahore"}),
    ("مساج پشاور", {"place": "Peshawar, Pakistan"}), ("malish Pishawar", {"place": "Peshawar, Pakistan"}),
    ("تهائی مساج", {"services": ["thai"]}),  # ھ, ی and ں from an Arabic keyboard: ه, ي and ن
    ("كلفٹن مين تهائي مساج", {"services": ["thai"], "place": "Clifton, Karachi"}),
    ("پاؤن كي مالش", {"services": ["reflexology"]}),
    ("سکون", {"text": "سکون"}), ("آرام دہ ماحول", {"text": "آرام دہ ماحول"}),  # ordinary words stay words
]


@pytest.mark.parametrize(("q", "expected"), URDU_BOXES)
def test_urdu_boxes_are_read(vocabulary, q, expected):
    found = interpret(q, vocabulary, get_gazetteer(GAZETTEER).lookup).as_dict()
    found["place"] = found["place"] and found["place"]["name"]
    assert {key: value for key, value in found.items() if value} == expected
