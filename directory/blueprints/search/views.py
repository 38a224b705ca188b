"""Search results: centers near a place or the visitor, filtered and sorted, as a list and a map."""
from flask import redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from ...extensions import db
from ...models import CenterKind, GenderPolicy
from ...services.center_state import card_badges, card_open_lines
from ...services.centers import all_services
from ...services.insights import count_search_appearances
from ...services.search import SearchError, SearchResult, search
from ..common import app_gazetteer, app_geocode, default_timezone, local_today
from . import bp
from .args import parse_search_args

RADII = (1, 2, 5, 10, 25, 50, 100)


@bp.get("/")
def results():
    place = _known_place_url(request.args)
    if place is not None:
        return redirect(place)
    error, result = None, None
    try:
        result = search(db.session, parse_search_args(request.args), geocode=app_geocode,
                        timezone=default_timezone())
        count_search_appearances(hit.center.id for hit in result.hits)
    except SearchError as failure:
        error = failure
    return render_template("search/results.html", result=result, error=error, **_page_extras(result),
                           services=all_services(db.session), kinds=CenterKind, genders=GenderPolicy, radii=RADII)


def _known_place_url(args: MultiDict) -> str | None:
    """One box for "Clifton" and "Raintree": words naming a known place become the origin (a redirect)."""
    words = args.get("q", "").strip()
    if not words or args.get("near", "").strip() or args.get("lat"):
        return None
    if app_gazetteer().lookup(args["q"][:200]) is None:
        return None
    rest: dict[str, list[str]] = {}
    for key, value in args.items(multi=True):
        if key not in ("q", "near", "page"):
            rest.setdefault(key, []).append(value)
    return url_for("search.results", near=words, **rest)


def _page_extras(result: SearchResult | None) -> dict:
    """Badges and open-now lines for the centers on this page (one query for all their hours)."""
    hits = result.hits if result is not None else []
    today = local_today()
    return {"badges": {hit.center.id: card_badges(hit, today) for hit in hits},
            "open_lines": card_open_lines(db.session, hits)}
