"""The public API v1 contract, on the sample data: shapes, errors, and the generated OpenAPI document."""
import pytest
from markupsafe import escape


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.get_data(as_text=True)[:300])
    assert response.is_json
    return response.json


def test_centers_near_a_place(seeded_client):
    data = get(seeded_client, "/api/v1/centers?near=Clifton,%20Karachi&radius_km=5")
    assert set(data) == {"items", "total", "total_capped", "page", "per_page", "origin", "next", "interpretation"}
    assert data["origin"]["label"].startswith("Clifton") and data["page"] == 1 and data["per_page"] == 20
    distances = [item["distance_km"] for item in data["items"]]
    assert distances == sorted(distances) and distances[-1] <= 5
    item = data["items"][0]
    for key in ("slug", "name", "kind", "area", "city", "lat", "lng", "distance_km", "rating", "review_count",
                "services", "badges", "url"):
        assert key in item
    assert "the-raintree-spa" in [item["slug"] for item in data["items"]]


def test_each_item_links_to_its_center_page(seeded_client):
    items = get(seeded_client, "/api/v1/centers?near=Clifton,%20Karachi&radius_km=5&per_page=3")["items"]
    assert len(items) == 3
    for item in items:
        assert item["url"].startswith("http://") and item["url"].endswith(f"/centers/{item['slug']}")
        page = seeded_client.get(item["url"])
        assert page.status_code == 200 and str(escape(item["name"])) in page.get_data(as_text=True)


def test_centers_without_origin_have_null_distance(seeded_client):
    data = get(seeded_client, "/api/v1/centers?sort=reviews&per_page=5")
    assert data["origin"] is None and len(data["items"]) == 5
    assert all(item["distance_km"] is None for item in data["items"])
    counts = [item["review_count"] for item in data["items"]]
    assert counts == sorted(counts, reverse=True)


def test_repeatable_service_filter(seeded_client):
    data = get(seeded_client, "/api/v1/centers?lat=24.86&lng=67.05&radius_km=50&service=thai&service=prenatal")
    assert data["items"] and all({"thai", "prenatal"} & set(item["services"]) for item in data["items"])


def test_repeatable_amenity_filter_needs_every_amenity(seeded_client):
    base = "/api/v1/centers?lat=24.86&lng=67.05&radius_km=50&per_page=100"
    everything = [item["slug"] for item in get(seeded_client, base)["items"]]
    data = get(seeded_client, base + "&amenity=female_therapists&amenity=wheelchair_access")
    found = [item["slug"] for item in data["items"]]
    assert found and len(found) < len(everything) and found == [slug for slug in everything if slug in set(found)]
    for slug in everything:
        amenities = set(get(seeded_client, f"/api/v1/centers/{slug}")["amenities"])
        assert (slug in found) == ({"female_therapists", "wheelchair_access"} <= amenities), slug


def test_unknown_amenity_message_lists_the_choices(seeded_client):
    error = get(seeded_client, "/api/v1/centers?amenity=female_therapists&amenity=jetpack", status=400)["error"]
    assert error["field"] == "amenity"
    assert "Unknown amenity: jetpack. Choose from " in error["message"] and "private_rooms" in error["message"]


@pytest.mark.parametrize("query, field", [
    ("lat=91&lng=67", "lat"), ("lat=24&lng=181", "lng"), ("lat=abc&lng=67", "lat"),
    ("near=Karachi&radius_km=0", "radius_km"), ("near=Karachi&radius_km=101", "radius_km"),
    ("near=Karachi&radius_km=-3", "radius_km"), ("sort=closest", "sort"), ("per_page=0", "per_page"),
    ("per_page=101", "per_page"), ("page=0", "page"), ("near=Qwzxplace", "near"), ("lat=24.8", "lng"),
    ("service=underwater-basket", "service"), ("min_rating=6", "min_rating"), ("gender=robots", "gender"),
    ("kind=casino", "kind"), ("sort=distance", "sort"), ("min_price=5000&max_price=100", "min_price"),
    ("lat=nan&lng=67", "lat"), ("radius_km=inf&near=Karachi", "radius_km"), ("amenity=helipad", "amenity"),
    ("amenity=parking&amenity=Parking", "amenity"), ("amenity=" + "&amenity=".join(["parking"] * 15), "amenity"),
])
def test_bad_input_is_a_400_naming_the_field(seeded_client, query, field):
    error = get(seeded_client, f"/api/v1/centers?{query}", status=400)["error"]
    assert error["field"] == field and error["message"]


def test_pages_stop_at_fifty_with_a_message_saying_how_to_see_more(seeded_client):
    assert get(seeded_client, "/api/v1/centers?near=Karachi&radius_km=50&page=50")["page"] == 50
    error = get(seeded_client, "/api/v1/centers?near=Karachi&radius_km=50&page=51", status=400)["error"]
    assert error["field"] == "page"
    assert "stop at page 50" in error["message"] and "narrow the search" in error["message"]


def test_center_detail(seeded_client):
    data = get(seeded_client, "/api/v1/centers/the-raintree-spa")
    assert data["name"] == "The Raintree Spa"
    assert {"slug", "name", "duration_min", "price_pkr"} <= set(data["services"][0])
    assert len(data["hours"]) == 7
    credential = data["therapists"][0]["credentials"][0]
    assert {"kind", "issuer", "status"} <= set(credential)
    assert set(data["rating"]["histogram"]) == {"1", "2", "3", "4", "5"}
    assert data["rating"]["count"] == sum(data["rating"]["histogram"].values())


def test_unknown_center_is_404_json(seeded_client):
    assert get(seeded_client, "/api/v1/centers/nope", status=404)["error"]["status"] == 404
    assert get(seeded_client, "/api/v1/centers/nope/reviews", status=404)["error"]["status"] == 404


def test_reviews_paginated(seeded_client):
    first = get(seeded_client, "/api/v1/centers/the-raintree-spa/reviews?per_page=3")
    second = get(seeded_client, "/api/v1/centers/the-raintree-spa/reviews?per_page=3&page=2")
    assert len(first["items"]) == 3 and first["total"] >= 6
    assert not {r["id"] for r in first["items"]} & {r["id"] for r in second["items"]}
    assert get(seeded_client, "/api/v1/centers/the-raintree-spa/reviews?per_page=0", status=400)["error"]["field"] \
        == "per_page"


def test_services_catalog(seeded_client):
    slugs = {item["slug"] for item in get(seeded_client, "/api/v1/services")["items"]}
    assert {"swedish", "deep-tissue", "myofascial-release", "trigger-point", "thai", "sports", "hot-stone",
            "prenatal"} <= slugs


def test_place_suggestions(seeded_client):
    labels = [item["label"] for item in get(seeded_client, "/api/v1/places?q=Gulsh")["items"]]
    assert any(label.startswith("Gulshan-e-Iqbal") for label in labels)
    assert get(seeded_client, "/api/v1/places?q=", status=400)["error"]["field"] == "q"


def test_openapi_document_validates(seeded_client):
    from openapi_spec_validator import validate

    spec = get(seeded_client, "/api/v1/openapi.json")
    validate(spec)
    assert {"/api/v1/centers", "/api/v1/centers/{slug}", "/api/v1/centers/{slug}/reviews",
            "/api/v1/services"} <= set(spec["paths"])
    parameters = {p["name"] for p in spec["paths"]["/api/v1/centers"]["get"]["parameters"]}
    assert {"near", "lat", "lng", "radius_km", "q", "service", "min_rating", "open_now", "verified", "gender",
            "kind", "sort", "page", "per_page", "amenity"} <= parameters
    amenity = next(p for p in spec["paths"]["/api/v1/centers"]["get"]["parameters"] if p["name"] == "amenity")
    assert amenity["schema"]["type"] == "array" and "all of them" in amenity["description"]
    assert {"female_therapists", "private_rooms", "prayer_area"} <= set(amenity["schema"]["items"]["enum"])


@pytest.mark.parametrize("url", ["/api/v1/centers?service=%00", "/api/v1/centers?near=Clif%00ton",
                                 "/api/v1/centers/the-raintree%00-spa", "/search/?q=a%00b"])
def test_nul_bytes_are_a_clear_400(seeded_client, url):
    response = seeded_client.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response.json["error"]["message"]
