"""Proxy headers count only with a configured hop count (checklist E24): a forged X-Forwarded-For changes nothing."""
import pytest
from flask import request

from directory.extensions import db, limiter

from .conftest import make_app


@pytest.fixture
def make_proxy_app(empty_database_url):
    """An app on the shared empty database with a route that shows what the app thinks the client is."""
    made = []

    def make(**overrides):
        app = make_app(empty_database_url, **overrides)

        @app.get("/_whoami")
        def whoami():
            return {"ip": request.remote_addr, "scheme": request.scheme, "host": request.host}

        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


def logins_from_forged_addresses(client, count: int) -> list[int]:
    """`count` login attempts, each for a different account and claiming a different client address."""
    return [client.post("/accounts/login", data={"email": f"user{n}@example.com", "password": "a guess"},
                        headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code for n in range(count)]


def test_without_proxy_hops_forwarded_headers_are_ignored(make_proxy_app):
    client = make_proxy_app().test_client()
    seen = client.get("/_whoami", headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https",
                                           "X-Forwarded-Host": "evil.example"}).json
    assert seen == {"ip": "127.0.0.1", "scheme": "http", "host": "sukoon.test"}


def test_a_forged_x_forwarded_for_cannot_dodge_the_login_limit(make_proxy_app):
    app = make_proxy_app()
    limiter.reset()
    statuses = logins_from_forged_addresses(app.test_client(), 11)
    assert statuses == [200] * 10 + [429]  # the per-IP limit is 10/minute, whatever address the request claims


def test_with_one_proxy_hop_the_header_is_honoured(make_proxy_app):
    app = make_proxy_app(PROXY_HOPS=1)
    client = app.test_client()
    seen = client.get("/_whoami", headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https",
                                           "X-Forwarded-Host": "sukoon.example"}).json
    assert seen == {"ip": "203.0.113.9", "scheme": "https", "host": "sukoon.example"}
    limiter.reset()
    assert logins_from_forged_addresses(client, 11) == [200] * 11  # each address is its own client now


def test_only_the_configured_number_of_hops_is_trusted(make_proxy_app):
    client = make_proxy_app(PROXY_HOPS=1).test_client()
    # The client forged the first entry; our one proxy appended the address it really saw.
    seen = client.get("/_whoami", headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.9"}).json
    assert seen["ip"] == "203.0.113.9"
