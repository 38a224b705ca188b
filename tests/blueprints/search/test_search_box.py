"""The one search box on the results page and in GET /api/v1/centers: how q is read and what it finds."""
import html as markup
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from directory.geo.distance import haversine_km


def api(client, query, status=200):
    response = client.get("/api/v1/centers", query_string=query)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    return response.json


def page(client, q, **more):
    response = client.get("/search/", query_string={"q": q, **more})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_deep_tissue_clifton_finds_the_deep_tissue_centers_near_clifton(seeded_client):
    data = api(seeded_client, {"q": "deep tissue clifton", "per_page": 100})
    assert data["interpretation"] == {
        "condition": None, "services": ["deep-tissue"], "near_me": False, "filters": {}, "text": "",
        "place": {"name": "Clifton, Karachi", "lat": 24.8138, "lng": 67.03}, "unknown_place": None, "suggestions": []}
    items = data["items"]
    assert len(items) > 2 and all("deep-tissue" in item["services"] for item in items)
    assert data["origin"]["label"] == "Clifton, Karachi" and all(item["distance_km"] <= 10 for item in items)
    same = api(seeded_client, {"service": "deep-tissue", "near": "Clifton", "per_page": 100})
    assert [item["slug"] for item in items] == [item["slug"] for item in same["items"]]


def test_sciatica_near_clifton_lists_only_centers_offering_a_suited_type(seeded_client):
    data = api(seeded_client, {"q": "sciatica near Clifton"})
    understood = data["interpretation"]
    assert understood["condition"] == "sciatica" and understood["place"]["name"] == "Clifton, Karachi"
    assert understood["services"][0] == "trigger-point" and data["items"]
    assert all(set(item["services"]) & set(understood["services"]) for item in data["items"])


def test_women_only_thai_gulshan(seeded_client):
    data = api(seeded_client, {"q": "women only thai gulshan", "radius_km": 25})
    understood = data["interpretation"]
    # A center with a women's section serves women too; the page labels the part "women only or women's section"
    assert understood["filters"] == {"gender": ["women_only", "separate_sections"]}
    assert understood["services"] == ["thai"] and understood["place"]["name"] == "Gulshan-e-Iqbal, Karachi"
    assert data["items"] and all(item["gender_policy"] in ("women_only", "separate_sections")
                                 and "thai" in item["services"] for item in data["items"])


def test_roman_urdu_condition_and_place(seeded_client):
    data = api(seeded_client, {"q": "kamar dard DHA"})
    assert data["interpretation"]["condition"] == "lower-back-pain"
    assert data["interpretation"]["place"]["name"] == "DHA, Karachi" and data["items"]


def test_female_therapist_is_an_amenity_filter(seeded_client):
    data = api(seeded_client, {"q": "female therapist"})
    assert data["interpretation"]["filters"] == {"amenity": ["female_therapists"]}
    assert data["interpretation"]["text"] == ""


def test_explicit_parameters_win_over_the_words(seeded_client):
    data = api(seeded_client, {"q": "thai clifton women only cheap", "service": "swedish", "near": "DHA",
                               "sort": "rating"})
    understood = data["interpretation"]
    assert understood["services"] == ["swedish"] and understood["place"] is None
    assert understood["filters"] == {"gender": ["women_only", "separate_sections"]}
    assert data["origin"]["label"] == "DHA, Karachi"
    assert all("swedish" in item["services"] for item in data["items"])


def test_price_words_cap_the_price(seeded_client):
    data = api(seeded_client, {"q": "under 5000 karachi", "radius_km": 50, "per_page": 100})
    assert data["interpretation"]["filters"] == {"max_price": 5000}
    assert data["items"] and all(item["price_from"] <= 5000 for item in data["items"])


def test_an_unknown_place_says_so_with_suggestions(seeded_client):
    data = api(seeded_client, {"q": "thai in glifton"})
    understood = data["interpretation"]
    assert understood["unknown_place"] == "glifton" and "Clifton" in understood["suggestions"]
    assert understood["place"] is None and data["origin"] is None
    html = page(seeded_client, "thai in glifton")
    assert "know a place called “glifton”" in html and "Did you mean" in html
    link = re.search(r'Did you mean <a href="([^"]+)">Clifton</a>', html).group(1)
    assert parse_qs(urlsplit(markup.unescape(link)).query)["q"] == ["thai in Clifton"]


def test_no_q_gives_an_empty_interpretation(seeded_client):
    data = api(seeded_client, {"near": "Clifton"})
    assert data["interpretation"] == {"condition": None, "services": [], "place": None, "near_me": False,
                                      "filters": {}, "text": "", "unknown_place": None, "suggestions": []}


def test_the_openapi_document_describes_the_interpretation(seeded_client):
    spec = seeded_client.get("/api/v1/openapi.json").json
    schema = spec["components"]["schemas"]["Interpretation"]
    assert set(schema["properties"]) == {"condition", "services", "place", "near_me", "filters", "text",
                                         "unknown_place", "suggestions"}
    assert "interpretation" in spec["components"]["schemas"]["CenterList"]["required"]


@pytest.mark.parametrize("q", ["   ", "\t", "💆", "💆 clifton", "!!!", "‏", "x" * 200, "thai " * 39])
def test_odd_box_text_never_breaks_either_side(seeded_client, q):
    assert seeded_client.get("/search/", query_string={"q": q}, follow_redirects=True).status_code == 200
    assert api(seeded_client, {"q": q})["items"] is not None


@pytest.mark.parametrize("q", ["x" * 201, "thai\x00"])
def test_refused_box_text_gets_a_clear_answer(seeded_client, q):
    error = api(seeded_client, {"q": q}, status=400)["error"]
    assert error["message"]
    html = seeded_client.get("/search/", query_string={"q": q}).get_data(as_text=True)
    assert 'role="alert"' in html or "400" in html


def test_the_results_page_says_how_it_read_the_box(seeded_client):
    html = page(seeded_client, "deep tissue near clifton women only")
    assert re.search(r"Deep Tissue<a href=\"[^\"]+\" class=\"chip-remove\"", html)
    chips = re.findall(r'<a href="([^"]+)" class="chip-remove" aria-label="Remove ([^"]+)"', html)
    removes = {markup.unescape(label): parse_qs(urlsplit(markup.unescape(href)).query).get("q", [""])[0]
               for href, label in chips}
    assert removes == {"Deep Tissue": "near clifton women only", "near Clifton, Karachi": "deep tissue women only",
                       "women only or women's section": "deep tissue near clifton"}


def test_a_condition_search_shows_red_flags_and_why_each_center(seeded_client):
    html = page(seeded_client, "sciatica near Clifton")
    assert "See a doctor first" in html and 'href="/guide/conditions/sciatica"' in html
    cards = re.findall(r'<li class="card result".*?</li>', html, re.S)
    assert cards and all(re.search(r'class="small suited">[^<]+: often chosen for sciatica<', card) for card in cards)
    assert html.index("See a doctor first") < html.index('class="card result"')


def test_a_place_alone_in_the_box_still_redirects_to_a_distance_search(seeded_client):
    response = seeded_client.get("/search/?q=DHA")
    assert response.status_code == 302 and "near=DHA" in response.location


def test_a_place_typed_in_urdu_finds_the_centers_there(seeded_client):
    response = seeded_client.get("/ur/search/?q=کلفٹن")  # Clifton: the place alone stays as typed
    assert response.status_code == 302 and "/ur/search/?near=%DA%A9%D9%84%D9%81%D9%B9%D9%86" in response.location
    html = seeded_client.get(response.location).get_data(as_text=True)
    assert "could not find" not in html and 'class="result' in html


def test_near_me_asks_for_the_location(seeded_client):
    html = page(seeded_client, "thai near me")
    assert "share your location" in html
    with_point = page(seeded_client, "thai near me", lat="24.8138", lng="67.03")
    assert "share your location" not in with_point and "within 10 km of Your location" in with_point


def test_distances_follow_the_interpreted_place(seeded_client):
    data = api(seeded_client, {"q": "thai massage in DHA"})
    for item in data["items"]:
        assert abs(haversine_km(24.7937, 67.065, item["lat"], item["lng"]) - item["distance_km"]) < 0.1


def test_an_unknown_where_offers_near_spellings(seeded_client):
    html = page(seeded_client, "thai", near="Gliftan")
    assert "could not find" in html and re.search(r'Did you mean <a href="[^"]*near=Clifton[^"]*">Clifton</a>', html)
    assert "Did you mean" not in page(seeded_client, "thai", near="zzzzqqq")
