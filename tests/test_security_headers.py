"""Every response carries the security headers (checklist E20); HSTS only over HTTPS."""
import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import Service
from directory.security_headers import CONTENT_SECURITY_POLICY, HSTS, SECURITY_HEADERS

from .blueprints.test_csrf import SAMPLE_ARGS


def get_urls(app) -> list[str]:
    """One URL per GET route, built with sample arguments (some answer 404 or a login redirect: they count too)."""
    with app.app_context():
        guide_slug = db.session.scalar(select(Service.slug).order_by(Service.slug))
    samples = {**SAMPLE_ARGS, "filename": "css/site.css"}
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" in (rule.methods or set()):
            args = {name: samples.get(name, 1) for name in rule.arguments}
            if rule.endpoint == "guide.show":
                args["slug"] = guide_slug
            urls.append(rule.build(args)[1])
    return urls + ["/no-such-page", "/api/v1/no-such-endpoint"]


def missing_headers(response) -> list[str]:
    return [name for name, value in SECURITY_HEADERS.items() if response.headers.get(name) != value]


def test_every_get_endpoint_sends_the_full_header_set(seeded_app, seeded_client):
    urls = get_urls(seeded_app)
    assert len(urls) >= 30 and "/readyz" in urls and "/api/v1/centers" in urls
    statuses, complete = {}, 0
    for url in urls:
        response = seeded_client.get(url)
        statuses[url] = response.status_code
        assert missing_headers(response) == [], f"{url} ({response.status_code}) lacks {missing_headers(response)}"
        assert "Strict-Transport-Security" not in response.headers, f"{url} sent HSTS over plain HTTP"
        complete += 1
    assert complete == len(urls)  # 100% of the responses, whatever their status
    assert {200, 302, 404}.issubset(statuses.values()), statuses  # pages, login redirects and errors all covered


def test_the_policy_allows_no_inline_code_and_only_the_tile_host():
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["img-src"] == "'self' data: https://tile.openstreetmap.org"
    assert "unsafe" not in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("url", ["/", "/api/v1/centers", "/static/css/site.css", "/no-such-page", "/accounts/me"])
def test_hsts_only_over_https(seeded_client, url):
    secure = seeded_client.get(url, base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == HSTS
    assert missing_headers(secure) == []
    assert "Strict-Transport-Security" not in seeded_client.get(url).headers


def test_posts_redirects_and_server_errors_carry_the_headers_too(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("internal detail")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    for response in (client.get("/boom"), client.post("/accounts/login", data={"email": "x@example.com"}),
                     client.get("/accounts/me"), client.delete("/")):
        assert missing_headers(response) == [], response.status_code
    assert client.get("/boom").status_code == 500


def test_a_view_may_send_a_stricter_policy(app):
    @app.get("/strict")
    def strict():
        return "x", 200, {"Content-Security-Policy": "default-src 'none'", "Referrer-Policy": "no-referrer"}

    response = app.test_client().get("/strict")
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
