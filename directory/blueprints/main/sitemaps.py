"""The sitemap index and its files: static and guide pages in one, centers in files of at most 50,000 URLs.

Every page is listed in both languages, each its own <url> naming all versions with <xhtml:link hreflang> (Google's
sitemap format for alternates); a center file holds half as many centers, so it stays within 50,000 <url> entries."""
from xml.sax.saxutils import escape, quoteattr

from flask import Response, abort, request, stream_with_context, url_for

from ...extensions import db
from ...i18n import DEFAULT_LANGUAGE, LANGUAGES, url_in
from ...services.centers import all_services
from ...services.conditions import all_conditions
from ...services.sitemaps import center_sitemap_count, center_sitemap_rows
from . import bp

XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NS_XHTML = 'xmlns:xhtml="http://www.w3.org/1999/xhtml"'
STATIC_PAGES = ("main.home", "search.results", "guide.index", "guide.conditions", "guide.choosing_therapist",
                "guide.badges")


def _versions(path: str) -> dict[str, str]:
    """Absolute URLs of one page (`path` from the site root, no language prefix) in every language."""
    host = request.host_url.rstrip("/")
    return {language: host + url_in(language, path, "") for language in LANGUAGES}


def _site_path(endpoint: str, **values) -> str:
    """The path of a page from the site root, whichever language this sitemap was asked in."""
    return url_for(endpoint, **values)[len(request.script_root):]


def _urls(versions: dict[str, str], updated=None) -> str:
    """One <url> per language, each naming every version (itself included) and the x-default."""
    lastmod = f"<lastmod>{updated.strftime('%Y-%m-%d')}</lastmod>" if updated else ""
    links = "".join(f'<xhtml:link rel="alternate" hreflang="{language}" href={quoteattr(loc)}/>'
                    for language, loc in versions.items())
    links += f'<xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(versions[DEFAULT_LANGUAGE])}/>'
    return "".join(f"  <url><loc>{escape(loc)}</loc>{lastmod}{links}</url>\n" for loc in versions.values())


@bp.get("/sitemap.xml")
def sitemap():
    files = [url_for("main.sitemap_pages", _external=True)]
    files += [url_for("main.sitemap_centers", part=part, _external=True)
              for part in range(center_sitemap_count(db.session, len(LANGUAGES)))]
    entries = "".join(f"  <sitemap><loc>{escape(loc)}</loc></sitemap>\n" for loc in files)
    return Response(f"{XML_HEAD}<sitemapindex {NS}>\n{entries}</sitemapindex>\n", mimetype="application/xml")


@bp.get("/sitemaps/pages.xml")
def sitemap_pages():
    session = db.session
    paths = [_site_path(endpoint) for endpoint in STATIC_PAGES]
    paths += [_site_path("guide.show", slug=service.slug) for service in all_services(session)]
    paths += [_site_path("guide.condition", slug=found.slug) for found in all_conditions(session)]
    body = "".join(_urls(_versions(path)) for path in paths)
    return Response(f"{XML_HEAD}<urlset {NS} {NS_XHTML}>\n{body}</urlset>\n", mimetype="application/xml")


@bp.get("/sitemaps/centers-<int:part>.xml")
def sitemap_centers(part: int):
    if part >= center_sitemap_count(db.session, len(LANGUAGES)):
        abort(404)
    # one url_for per language, then the slug substituted: 50,000 url_for calls would cost more than the query
    patterns = _versions(_site_path("centers.show", slug="SLUG-PLACEHOLDER"))

    def generate():
        yield f"{XML_HEAD}<urlset {NS} {NS_XHTML}>\n"
        for slug, updated in center_sitemap_rows(db.session, part, len(LANGUAGES)):
            yield _urls({language: loc.replace("SLUG-PLACEHOLDER", slug) for language, loc in patterns.items()},
                        updated)
        yield "</urlset>\n"

    return Response(stream_with_context(generate()), mimetype="application/xml")
