"""Search results: centers near a place or the visitor, filtered and sorted, as a list and a map."""
from flask import Response, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from ...extensions import db
from ...insights_buffer import count_search_appearances
from ...models import CenterKind, GenderPolicy
from ...models.center import AMENITIES, COMFORT_FILTERS
from ...page_cache import Page, anonymous_page
from ...services.center_state import card_badges, card_open_lines
from ...services.centers import all_services
from ...services.one_box import apply_interpretation, suited_lines
from ...services.query_parse import Interpretation
from ...services.search import MIN_RATED, SearchError, SearchResult, search
from ..common import app_gazetteer, app_geocode, app_vocabulary, default_timezone, given_parameters, local_today
from . import bp
from .args import parse_search_args
from .box import box_context, near_suggestions

RADII = (1, 2, 5, 10, 25, 50, 100)


@bp.get("/")
def results():
    page = anonymous_page("search", _results_page)
    if isinstance(page, Page):
        count_search_appearances(page.refs)
        return page.body
    return page


def _results_page() -> Page | Response:
    args = request.args
    error, result, understood, vocabulary, suited, prices = None, None, None, None, {}, (None, None)
    try:
        query = parse_search_args(args)
        vocabulary = app_vocabulary() if query.q.strip() else None
        query, understood = apply_interpretation(query, given_parameters(args), vocabulary, app_gazetteer().lookup)
        if _place_alone(understood):
            return redirect(_near_url(args, understood))
        prices = (query.min_price, query.max_price)  # the range the price sort's prices come from
        result = search(db.session, query, geocode=app_geocode, timezone=default_timezone())
        suited = suited_lines(result, understood, vocabulary)
    except SearchError as failure:
        error = failure
    body = render_template("search/results.html", result=result, error=error, **_page_extras(result),
                           **box_context(understood, vocabulary), suited=suited, min_rated=MIN_RATED, prices=prices,
                           near_suggestions=near_suggestions(error, args.get("near", ""), app_vocabulary),
                           services=all_services(db.session), kinds=CenterKind, genders=GenderPolicy, radii=RADII,
                           comforts=COMFORT_FILTERS, amenity_labels=AMENITIES)
    if result is None:  # a place we could not find, or the geocoder down: not kept, the next try may succeed
        return Page(body, keep=False)
    return Page(body, tuple(hit.center.id for hit in result.hits))


def _place_alone(understood: Interpretation | None) -> bool:
    """Only a place in the box ("Clifton"): a distance search whose canonical URL says near=."""
    return bool(understood and not understood.text and [part.kind for part in understood.parts] == ["place"])


def _near_url(args: MultiDict, understood: Interpretation) -> str:
    """near= the box as typed when it is the place alone ("DHA"), else the place it named ("massage in DHA")."""
    place = understood.parts[0]
    near = args["q"].strip() if len(place.words) == len(understood.words) else understood.place.name
    rest: dict[str, list[str]] = {}
    for key, value in args.items(multi=True):
        if key not in ("q", "near", "page"):
            rest.setdefault(key, []).append(value)
    return url_for("search.results", near=near, **rest)


def _page_extras(result: SearchResult | None) -> dict:
    """Badges and open-now lines for the centers on this page (one query for all their hours)."""
    hits = result.hits if result is not None else []
    today = local_today()
    return {"badges": {hit.center.id: card_badges(hit, today) for hit in hits},
            "open_lines": card_open_lines(db.session, hits)}
