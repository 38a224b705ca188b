"""The home page and robots.txt (the sitemap is in sitemaps.py)."""
import math

from flask import Response, current_app, make_response, render_template, request, url_for

from ...extensions import db
from ...services.centers import all_services, city_counts, featured_centers, home_city
from ..common import app_gazetteer
from . import bp

CITY_COOKIE = "home_city"  # the city whose top rated the visitor chose (or was nearest them): a year


def _point(args) -> tuple[float, float] | None:
    """?lat=&lng= from "near me", when both are real coordinates; anything else is no point."""
    try:
        lat, lng = float(args.get("lat", "")), float(args.get("lng", ""))
    except ValueError:
        return None
    return (lat, lng) if math.isfinite(lat + lng) and abs(lat) <= 90 and abs(lng) <= 180 else None


@bp.get("/")
def home():
    session = db.session
    cities = city_counts(session)
    names = [name for name, _count in cities]
    asked, point = request.args.get("city"), _point(request.args)
    chosen = asked if asked or point else request.cookies.get(CITY_COOKIE)  # asking now beats what was remembered
    city = home_city(names, chosen, point, app_gazetteer().lookup)
    response = make_response(render_template(
        "main/home.html", featured=featured_centers(session, city), city=city, cities=cities,
        services=all_services(session), located=point is not None))
    if city == asked or (point is not None and asked is None):
        response.set_cookie(CITY_COOKIE, city, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


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
