"""GET /api/v1/conditions: the catalog's public shape, and its place in the OpenAPI document."""


def test_conditions_catalog_shape(seeded_client):
    response = seeded_client.get("/api/v1/conditions")
    assert response.status_code == 200 and response.is_json
    items = {item["slug"]: item for item in response.json["items"]}
    assert {"lower-back-pain", "sciatica", "tension-headache"} <= items.keys()
    sciatica = items["sciatica"]
    assert {"slug", "name", "synonyms", "services", "red_flags", "url"} <= set(sciatica)
    assert set(sciatica["synonyms"]) == {"en", "roman_ur", "ur"} and "siatica" in sciatica["synonyms"]["en"]
    assert [s["rank"] for s in sciatica["services"]] == list(range(1, len(sciatica["services"]) + 1))
    assert sciatica["services"][0]["slug"] == "trigger-point" and sciatica["services"][0]["why"]
    assert any("bladder" in flag for flag in sciatica["red_flags"])
    assert sciatica["url"].endswith("/guide/conditions/sciatica")
    assert seeded_client.get(sciatica["url"]).status_code == 200
    assert "kamar dard" in items["lower-back-pain"]["synonyms"]["roman_ur"]


def test_conditions_are_documented_in_openapi(seeded_client):
    spec = seeded_client.get("/api/v1/openapi.json").json
    operation = spec["paths"]["/api/v1/conditions"]["get"]
    schema_ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    listed = spec["components"]["schemas"][schema_ref.rsplit("/", 1)[1]]
    item_ref = listed["properties"]["items"]["items"]["$ref"]
    item = spec["components"]["schemas"][item_ref.rsplit("/", 1)[1]]
    assert {"slug", "name", "synonyms", "services", "red_flags", "url"} <= set(item["required"])
