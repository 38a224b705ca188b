"""Every API answer matches its OpenAPI document: schemathesis with all its checks, bounded, on the seeded app."""
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

EXAMPLES = 25  # per operation and mode: about 250 requests in all

# Refusals of schema-valid input that depend on data or on two parameters together, which OpenAPI 3.0 cannot
# express; each is named in the parameter's description. Anything else valid that answers 4xx fails the test.
DOCUMENTED_REFUSALS = {
    "near": re.compile(r"We could not find "),
    "service": re.compile(r"Unknown massage type: "),
    "condition": re.compile(r"Unknown condition: "),
    "lat": re.compile(r"Give both latitude and longitude\."),
    "lng": re.compile(r"Give both latitude and longitude\."),
    "sort": re.compile(r"Sorting by distance needs a place or your location\."),
    "min_price": re.compile(r"min_price: The minimum price is above the maximum\."),
    "cursor": re.compile(r"(cursor: Not a cursor from this site|This cursor continues a rating-sorted search)"),
}
ACCEPTED_4XX = (401, 403, 404, 409, 429)  # what schemathesis' positive_data_acceptance accepts (not found...)
REFUSALS = set(range(400, 500)) - set(ACCEPTED_4XX)
OFFSET = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@pytest.fixture(scope="module")
def schema(seeded_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", seeded_app)


def documented_refusal(response) -> bool:
    error = response.json().get("error", {}) if response.status_code == 400 else {}
    pattern = DOCUMENTED_REFUSALS.get(error.get("field"))
    return bool(pattern and pattern.match(error.get("message", "")))


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_answer_conforms_with_all_checks(schema, mode):
    tried, refused = [], []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    for operation in operations:

        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                  phases=[Phase.explicit, Phase.generate])  # no shrinking: a failure prints its case at once
        @given(case=operation.as_strategy(generation_mode=mode))
        def check(case):
            tried.append(case)
            if mode is GenerationMode.NEGATIVE:
                case.call_and_validate()  # every check schemathesis has
                return
            response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
            if response.status_code in REFUSALS:  # positive data acceptance, minus the documented refusals
                assert documented_refusal(response), (case.path, case.query, response.text[:300])
                refused.append(case)

        try:
            check()
        except Unsatisfiable:  # no invalid input exists for a free-text path parameter or no parameters
            assert mode is GenerationMode.NEGATIVE
    assert len(tried) >= (100 if mode is GenerationMode.POSITIVE else 3 * EXAMPLES)  # 2 operations have no bad input
    if mode is GenerationMode.POSITIVE:
        assert len(refused) < len(tried) / 2  # most valid requests are answered


def test_the_documented_error_is_the_one_sent(seeded_client):
    spec = seeded_client.get("/api/v1/openapi.json").get_json()
    error = spec["components"]["schemas"]["Error"]
    assert error["properties"] == {"error": {"$ref": "#/components/schemas/ErrorBody"}}
    body = seeded_client.get("/api/v1/centers/00").get_json()
    documented = spec["components"]["schemas"]["ErrorBody"]["properties"]
    assert set(body) == {"error"} and set(body["error"]) <= set(documented)


def test_timestamps_carry_their_offset(seeded_client):
    detail = seeded_client.get("/api/v1/centers/the-raintree-spa").get_json()
    reviews = seeded_client.get("/api/v1/centers/the-raintree-spa/reviews").get_json()["items"]
    stamps = [detail["confirmed_at"]] + [review["created_at"] for review in reviews]
    stamps += [review["reply"]["created_at"] for review in reviews if review["reply"]]
    assert len(stamps) > 2 and all(OFFSET.match(stamp) for stamp in stamps), stamps


def test_service_documents_the_slugs_it_accepts(seeded_client):
    spec = seeded_client.get("/api/v1/openapi.json").get_json()
    [service] = [p for p in spec["paths"]["/api/v1/centers"]["get"]["parameters"] if p["name"] == "service"]
    assert service["schema"]["items"]["pattern"] == "^[a-z0-9]+(-[a-z0-9]+)*$"
    answer = seeded_client.get("/api/v1/centers?service=000").get_json()["error"]
    assert answer["field"] == "service" and "Unknown massage type" in answer["message"]
    assert seeded_client.get("/api/v1/centers?service=Not%20A%20Slug").status_code == 400
