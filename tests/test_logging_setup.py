"""Request ids and structured logs: each response names its id; each log line carries it; no query strings."""
import json
import logging
import re

import pytest

from directory.logging_setup import JsonFormatter, RequestIdFilter

ACCESS = "directory.access"


def access_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == ACCESS]


def test_every_response_gets_a_fresh_request_id(client):
    first, second = client.get("/healthz"), client.get("/no-such-page")
    ids = [first.headers["X-Request-ID"], second.headers["X-Request-ID"]]
    assert all(re.fullmatch(r"[0-9a-f]{32}", value) for value in ids) and ids[0] != ids[1]


@pytest.mark.parametrize("incoming, kept", [
    ("lb-4f2a9c01-77", True),
    ("0123456789abcdef0123456789abcdef", True),
    ("short", False),  # under 8 characters
    ("x" * 65, False),
    ("abc def ghi", False),
    ("abcdefgh;Set-Cookie=x", False),
    ("abcd_efgh_ijkl", False),
    ("<script>alert(1)</script>", False),
])
def test_an_incoming_request_id_is_kept_only_when_it_is_safe(client, incoming, kept):
    returned = client.get("/healthz", headers={"X-Request-ID": incoming}).headers["X-Request-ID"]
    assert (returned == incoming) is kept
    assert re.fullmatch(r"[A-Za-z0-9-]{8,64}", returned)


def test_one_access_line_per_request_with_the_path_but_not_the_query(client, caplog):
    caplog.set_level(logging.INFO, logger="directory")
    response = client.get("/search/?q=Clifton&token=secret-in-query&email=a@example.com",
                          headers={"X-Request-ID": "req-12345678"})
    [record] = access_records(caplog)
    assert record.levelno == logging.INFO and record.request_id == "req-12345678"
    assert (record.method, record.path, record.status) == ("GET", "/search/", response.status_code)
    assert isinstance(record.duration_ms, float) and record.duration_ms >= 0
    line = record.getMessage()
    assert line.startswith(f"GET /search/ {response.status_code} ")
    assert "secret-in-query" not in line and "a@example.com" not in line


@pytest.mark.parametrize("url", ["/accounts/reset/secret-reset-token.abc", "/accounts/verify/secret-reset-token.abc"])
def test_tokens_inside_the_path_are_redacted(client, caplog, url):
    caplog.set_level(logging.INFO, logger="directory")
    client.get(url)
    [record] = access_records(caplog)
    assert "secret-reset-token" not in caplog.text
    assert record.path == url.replace("secret-reset-token.abc", "[redacted]")


def test_a_crafted_path_cannot_forge_a_log_line(client, caplog):
    caplog.set_level(logging.INFO, logger="directory")
    client.get("/x%0a2026-01-01 INFO directory.access fake")
    [record] = access_records(caplog)
    assert "\n" not in record.getMessage()


def test_records_logged_during_a_request_carry_its_id(client, caplog):
    caplog.set_level(logging.INFO, logger="directory")
    client.post("/accounts/login", data={"email": "nobody@example.com", "password": "a guess"},
                headers={"X-Request-ID": "login-attempt-1"})
    security = [record for record in caplog.records if record.name == "directory.security"]
    assert security and all(record.request_id == "login-attempt-1" for record in security)
    assert "a guess" not in caplog.text


def test_the_500_page_shows_the_request_id(app, caplog):
    @app.get("/boom")
    @app.get("/api/boom", endpoint="api_boom")
    def boom():
        raise RuntimeError("internal detail")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    response = client.get("/boom", headers={"X-Request-ID": "boom-request-01"})
    assert response.status_code == 500 and response.headers["X-Request-ID"] == "boom-request-01"
    assert '<code dir="ltr">boom-request-01</code>' in response.get_data(as_text=True)
    logged = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert logged and logged[0].request_id == "boom-request-01" and logged[0].exc_info
    api = client.get("/api/boom", headers={"X-Request-ID": "boom-request-02"})
    assert api.status_code == 500 and api.json["error"]["id"] == "boom-request-02"


def test_the_json_format_is_one_object_per_line():
    record = logging.LogRecord("directory.access", logging.INFO, __file__, 1, "GET %s %s", ("/", 200), None)
    record.method, record.path, record.status, record.duration_ms = "GET", "/", 200, 1.5
    RequestIdFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "GET / 200" and entry["request_id"] == "-" and entry["level"] == "INFO"
    assert (entry["method"], entry["path"], entry["status"], entry["duration_ms"]) == ("GET", "/", 200, 1.5)


def test_production_logs_json_with_the_request_id(empty_database_url, capfd):
    from directory.extensions import db

    from .conftest import make_app

    app = make_app(empty_database_url, ENVIRONMENT="production", LOG_FORMAT=None,
                   SECRET_KEY="k3Jx9-TqV2mZ8wLrP4sYb7NcHd6GfEa1")
    app.config["TESTING"] = False
    app.test_client().get("/healthz?token=abc", headers={"X-Request-ID": "json-line-0001"})
    with app.app_context():
        db.engine.dispose()
    lines = [json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")]
    access = [entry for entry in lines if entry["logger"] == ACCESS]
    assert access == [{**access[0], "path": "/healthz", "status": 200, "request_id": "json-line-0001"}]
    assert "token" not in json.dumps(access)
