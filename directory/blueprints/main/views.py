"""The home page and robots.txt (the sitemap is in sitemaps.py)."""
from flask import Response, current_app, render_template, url_for

from ...extensions import db
from ...services.centers import all_services, city_counts, featured_centers
from . import bp


@bp.get("/")
def home():
    session = db.session
    return render_template("main/home.html", featured=featured_centers(session), cities=city_counts(session),
                           services=all_services(session))


@bp.get("/favicon.ico")
def favicon():
    """Browsers and crawlers ask for /favicon.ico whatever the page says: the same icon (SVG), cached a day."""
    response = current_app.send_static_file("img/favicon.svg")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.get("/robots.txt")
def robots():
    body = (f"User-agent: *\nDisallow: /api/\nDisallow: /centers/*/contact/\n"
            f"Sitemap: {url_for('main.sitemap', _external=True)}\n")
    return Response(body, mimetype="text/plain")
