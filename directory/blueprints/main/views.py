"""The home page, sitemap and robots.txt."""
from flask import Response, render_template, url_for
from sqlalchemy import select

from ...extensions import db
from ...models import Center, CenterStatus
from ...services.centers import all_services, city_counts, featured_centers
from . import bp


@bp.get("/")
def home():
    session = db.session
    return render_template("main/home.html", featured=featured_centers(session), cities=city_counts(session),
                           services=all_services(session))


@bp.get("/sitemap.xml")
def sitemap():
    rows = db.session.execute(select(Center.slug, Center.updated_at).where(Center.status == CenterStatus.PUBLISHED)
                              .order_by(Center.slug))
    pages = [(url_for("centers.show", slug=slug, _external=True), updated) for slug, updated in rows]
    pages += [(url_for(endpoint, _external=True), None) for endpoint in ("main.home", "guide.index")]
    xml = render_template("main/sitemap.xml", pages=pages)
    return Response(xml, mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    body = (f"User-agent: *\nDisallow: /api/\nDisallow: /centers/*/contact/\n"
            f"Sitemap: {url_for('main.sitemap', _external=True)}\n")
    return Response(body, mimetype="text/plain")
