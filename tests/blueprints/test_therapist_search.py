"""Therapist search, HTML and GET /api/v1/therapists: place, massage type, condition, gender, language; refusals."""
import pytest

from directory.extensions import db
from directory.models import Condition


@pytest.fixture
def people(factories):
    thai = factories.service(name="Thai", slug="thai")
    deep = factories.service(name="Deep tissue", slug="deep-tissue")
    sciatica = Condition(slug="sciatica", name="Sciatica", summary="Leg pain.")
    clifton = factories.center(name="Clifton Spa", slug="clifton-spa", latitude=24.8138, longitude=67.03)
    gulshan = factories.center(name="Gulshan Spa", slug="gulshan-spa", latitude=24.9204, longitude=67.0932)
    hidden = factories.center(name="Draft Spa", slug="draft-spa", status="draft", latitude=24.8139, longitude=67.03)
    made = {
        "ayesha": factories.therapist(clifton, name="Ayesha", gender="female", languages=["ur", "en"]),
        "bilal": factories.therapist(clifton, name="Bilal", gender="male", languages=["ur", "sd"]),
        "sana": factories.therapist(gulshan, name="Sana", gender="female", languages=["pa"]),
        "hidden": factories.therapist(hidden, name="Hidden", gender="female", languages=["ur"]),
    }
    made["ayesha"].specialties, made["ayesha"].conditions = [deep], [sciatica]
    made["sana"].specialties, made["sana"].conditions = [thai, deep], [sciatica]
    made["hidden"].specialties, made["hidden"].conditions = [deep], [sciatica]
    db.session.commit()
    return made


def names(client, query: str) -> list[str]:
    response = client.get(f"/api/v1/therapists?{query}")
    assert response.status_code == 200, response.get_json()
    return [item["name"] for item in response.get_json()["items"]]


@pytest.mark.parametrize("query, expected", [
    ("", {"Ayesha", "Bilal", "Sana"}),
    ("gender=female", {"Ayesha", "Sana"}),
    ("gender=male", {"Bilal"}),
    ("language=ur", {"Ayesha", "Bilal"}),
    ("language=sd", {"Bilal"}),
    ("language=ps", set()),
    ("service=deep-tissue", {"Ayesha", "Sana"}),
    ("service=thai", {"Sana"}),
    ("condition=sciatica", {"Ayesha", "Sana"}),
    ("condition=sciatica&gender=female&language=pa", {"Sana"}),
])
def test_filters_and_only_published_centers(client, people, query, expected):
    assert set(names(client, query)) == expected


def test_a_place_gives_nearest_first_with_distances_within_the_radius(client, people):
    body = client.get("/api/v1/therapists?lat=24.8138&lng=67.03&radius_km=25").get_json()
    assert [item["name"] for item in body["items"]][-1] == "Sana"
    assert body["items"][0]["distance_km"] == 0.0 and body["items"][-1]["distance_km"] > 10
    assert names(client, "lat=24.8138&lng=67.03&radius_km=2") in (["Ayesha", "Bilal"], ["Bilal", "Ayesha"])
    assert all(item["distance_km"] is None for item in client.get("/api/v1/therapists").get_json()["items"])


def test_items_carry_urls_and_the_center(client, people):
    item = client.get("/api/v1/therapists?service=thai").get_json()["items"][0]
    assert item["url"].endswith(f"/therapists/{people['sana'].id}-sana")
    assert item["center"] == {"slug": "gulshan-spa", "name": "Gulshan Spa",
                              "url": "http://sukoon.test/centers/gulshan-spa"}
    assert item["languages"] == ["pa"] and sorted(item["services"]) == ["deep-tissue", "thai"]
    assert item["conditions"] == ["sciatica"] and item["gender"] == "female"
    assert client.get(item["url"]).status_code == 200


def test_center_detail_therapists_carry_url(client, people):
    therapists = client.get("/api/v1/centers/clifton-spa").get_json()["therapists"]
    assert {t["url"].rsplit("/", 1)[1] for t in therapists} == {
        f"{people['ayesha'].id}-ayesha", f"{people['bilal'].id}-bilal"}


def test_pages_are_bounded(client, people):
    body = client.get("/api/v1/therapists?per_page=2&page=2").get_json()
    assert len(body["items"]) == 1 and body["total"] == 3 and body["per_page"] == 2


@pytest.mark.parametrize("query, field", [
    ("service=no-such-type", "service"), ("condition=no-such-thing", "condition"), ("gender=other", "gender"),
    ("language=fr", "language"), ("lat=24.8", "lng"), ("per_page=51", "per_page"), ("page=0", "page"),
    ("radius_km=0", "radius_km"), ("near=zzzzqqqxx", "near"), ("service=BAD%20SLUG", "service"),
])
def test_bad_input_is_a_clear_400(client, people, query, field):
    response = client.get(f"/api/v1/therapists?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == field


def test_html_search_lists_and_filters(client, people):
    html = client.get("/therapists/?gender=female&condition=sciatica").get_data(as_text=True)
    assert f'href="/therapists/{people["ayesha"].id}-ayesha">Ayesha</a>' in html and "Sana" in html
    assert ">Bilal<" not in html and "Hidden" not in html and "How to choose a therapist" in html
    near = client.get("/therapists/?near=Clifton&language=ur").get_data(as_text=True)
    assert "nearest first" in near and " km" in near


def test_html_search_explains_bad_input(client, people):
    response = client.get("/therapists/?near=zzzzqqqxx")
    assert response.status_code == 200 and "We could not find" in response.get_data(as_text=True)
    response = client.get("/therapists/?language=fr")
    assert response.status_code == 200 and 'role="alert"' in response.get_data(as_text=True)


def test_center_search_links_therapist_search_for_the_same_place(client, people):
    html = client.get("/search/?near=Clifton").get_data(as_text=True)
    assert 'href="/therapists/?near=Clifton">Find a therapist</a>' in html
