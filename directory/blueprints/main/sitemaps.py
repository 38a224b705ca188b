"""The sitemap index and its files: static and guide pages in one, centers in files of at most 50,000 URLs."""
from xml.sax.saxutils import escape

from flask import Response, abort, stream_with_context, url_for

from ...extensions import db
from ...services.centers import all_services
from ...services.conditions import all_conditions
from ...services.sitemaps import center_sitemap_count, center_sitemap_rows
from . import bp

XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
STATIC_PAGES = ("main.home", "search.results", "guide.index", "guide.conditions", "guide.choosing_therapist",
                "guide.badges")


def _url(loc: str, updated=None) -> str:
    lastmod = f"<lastmod>{updated.strftime('%Y-%m-%d')}</lastmod>" if updated else ""
    return f"  <url><loc>{escape(loc)}</loc>{lastmod}</url>\n"


@bp.get("/sitemap.xml")
def sitemap():
    files = [url_for("main.sitemap_pages", _external=True)]
    files += [url_for("main.sitemap_centers", part=part, _external=True)
              for part in range(center_sitemap_count(db.session))]
    entries = "".join(f"  <sitemap><loc>{escape(loc)}</loc></sitemap>\n" for loc in files)
    return Response(f"{XML_HEAD}<sitemapindex {NS}>\n{entries}</sitemapindex>\n", mimetype="application/xml")


@bp.get("/sitemaps/pages.xml")
def sitemap_pages():
    session = db.session
    locs = [url_for(endpoint, _external=True) for endpoint in STATIC_PAGES]
    locs += [url_for("guide.show", slug=service.slug, _external=True) for service in all_services(session)]
    locs += [url_for("guide.condition", slug=found.slug, _external=True) for found in all_conditions(session)]
    body = "".join(_url(loc) for loc in locs)
    return Response(f"{XML_HEAD}<urlset {NS}>\n{body}</urlset>\n", mimetype="application/xml")


@bp.get("/sitemaps/centers-<int:part>.xml")
def sitemap_centers(part: int):
    if part >= center_sitemap_count(db.session):
        abort(404)
    # one url_for, then the slug substituted: 50,000 url_for calls would cost more than the query
    pattern = url_for("centers.show", slug="SLUG-PLACEHOLDER", _external=True)

    def generate():
        yield f"{XML_HEAD}<urlset {NS}>\n"
        for slug, updated in center_sitemap_rows(db.session, part):
            yield _url(pattern.replace("SLUG-PLACEHOLDER", slug), updated)
        yield "</urlset>\n"

    return Response(stream_with_context(generate()), mimetype="application/xml")
