"""Every state-changing route refuses a request without a CSRF token (400), whoever sends it."""
import pytest

from ..conftest import make_app

SAMPLE_ARGS = {"slug": "the-raintree-spa", "review_id": 1, "token": "x", "center_id": 1, "code_id": 1,
               "claim_id": 1, "credential_id": 1, "therapist_id": 1, "item_id": 1, "photo_id": 1, "id": 1}


# RFC 8058 one-click unsubscribe: mail programs POST without cookies or a form, so the signed token in the URL is
# the only key (it can only stop mail); a token that is not genuine is 404 (tests/blueprints/notifications).
CSRF_EXEMPT = {"notifications.stop"}


def state_changing_rules(app):
    for rule in app.url_map.iter_rules():
        methods = (rule.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}
        if methods and not rule.rule.startswith("/api/") and rule.endpoint not in CSRF_EXEMPT:
            yield rule, sorted(methods)[0]


@pytest.fixture
def csrf_app(empty_database_url):
    app = make_app(empty_database_url, WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app


def test_every_post_without_a_token_is_refused(csrf_app):
    rules = list(state_changing_rules(csrf_app))
    assert any(rule.endpoint == "accounts.logout" for rule, _ in rules)
    client = csrf_app.test_client()
    for rule, method in rules:
        url = rule.build({name: SAMPLE_ARGS.get(name, 1) for name in rule.arguments})[1]
        response = client.open(url, method=method, data={"anything": "1"})
        assert response.status_code == 400, f"{method} {url} answered {response.status_code} without a CSRF token"
        assert "CSRF" in response.get_data(as_text=True) or "csrf" in response.get_data(as_text=True).lower()


def test_the_only_exemption_refuses_a_forged_token(csrf_app):
    assert CSRF_EXEMPT <= {rule.endpoint for rule in csrf_app.url_map.iter_rules()}
    assert csrf_app.test_client().post("/mail/stop/forged", data={"List-Unsubscribe": "One-Click"}).status_code == 404
