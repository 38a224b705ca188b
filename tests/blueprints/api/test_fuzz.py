"""schemathesis drives every API operation from the generated OpenAPI document: no input makes a 5xx."""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_input_makes_a_server_error(seeded_app, mode):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", seeded_app)
    tried = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    for operation in operations:

        @settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy(generation_mode=mode))
        def check(case):
            tried.append(case)
            response = case.call()
            assert response.status_code < 500, (case.path, case.query, response.text[:300])
            if response.status_code >= 400:
                assert set(response.json()) == {"error"} and response.json()["error"]["message"]
            elif mode is GenerationMode.POSITIVE:
                case.validate_response(response)

        try:
            check()
        except Unsatisfiable:  # e.g. a free-text path parameter or no parameters: no invalid input exists
            assert mode is GenerationMode.NEGATIVE
    assert len(tried) >= 100
    assert {"/centers", "/places"} <= {case.path.removeprefix("/api/v1") for case in tried}
