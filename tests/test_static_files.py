"""Static files: fingerprinted URLs in every page, cached for a year; unversioned URLs only briefly."""
import hashlib
import re

from directory import PROJECT_ROOT
from directory.static_files import LONG_CACHE, SHORT_CACHE

STATIC_REF = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def static_refs(html: str) -> list[str]:
    return STATIC_REF.findall(html)


def test_pages_reference_static_files_with_a_content_hash(seeded_client):
    refs = []
    for url in ("/", "/search/?q=Clifton", "/centers/the-raintree-spa", "/guide/"):
        refs += static_refs(seeded_client.get(url).get_data(as_text=True))
    assert {"/static/css/site.css", "/static/js/search.js", "/static/js/center-map.js",
            "/static/vendor/leaflet/leaflet.js"} <= {ref.split("?")[0] for ref in refs}
    for ref in refs:
        path, version = re.fullmatch(r"/static/([^?]+)\?v=([0-9a-f]{10})", ref).groups()
        assert version == hashlib.sha256((PROJECT_ROOT / "static" / path).read_bytes()).hexdigest()[:10]


def test_no_template_builds_static_urls_without_the_hash():
    offenders = [str(path) for path in (PROJECT_ROOT / "templates").rglob("*.html")
                 if "url_for('static'" in path.read_text() or 'url_for("static"' in path.read_text()]
    assert offenders == []


def test_a_fingerprinted_file_is_cached_for_a_year(seeded_client):
    [ref] = [ref for ref in static_refs(seeded_client.get("/").get_data(as_text=True)) if "site.css" in ref]
    response = seeded_client.get(ref)
    assert response.status_code == 200 and response.headers["Cache-Control"] == LONG_CACHE
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    again = seeded_client.get(ref, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.headers["Cache-Control"] == LONG_CACHE


def test_unversioned_or_stale_urls_are_cached_briefly(seeded_client):
    for url in ("/static/css/site.css", "/static/css/site.css?v=0000000000", "/static/vendor/leaflet/leaflet.css"):
        assert seeded_client.get(url).headers["Cache-Control"] == SHORT_CACHE, url
    missing = seeded_client.get("/static/no-such-file.js?v=0000000000")
    assert missing.status_code == 404 and "immutable" not in missing.headers.get("Cache-Control", "")
