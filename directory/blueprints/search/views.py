"""Search results: centers near a place or the visitor, filtered and sorted, as a list and a map."""
from datetime import timedelta

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import bindparam, select

from ...extensions import db
from ...geo.gazetteer import get_gazetteer
from ...insights_buffer import count_search_appearances
from ...models import CenterKind, GenderPolicy, OpeningHours, SpecialClosure
from ...models.center import AMENITIES, COMFORT_FILTERS
from ...services.centers import all_services
from ...services.credentials import center_badges
from ...services.hours import Span, local_now, open_state
from ...services.one_box import apply_interpretation, suited_lines
from ...services.search import MIN_RATED, SearchError, search
from ..common import app_geocode, app_vocabulary, given_parameters
from .args import parse_search_args
from .box import box_context, near_suggestions

bp = Blueprint("search", __name__)
RADII = (1, 2, 5, 10, 25, 50, 100)
HOURS = select(OpeningHours.center_id, OpeningHours.weekday, OpeningHours.opens_at, OpeningHours.closes_at).where(
    OpeningHours.center_id.in_(bindparam("ids", expanding=True)))
CLOSURES = select(SpecialClosure.center_id, SpecialClosure.starts_on, SpecialClosure.ends_on,
                  SpecialClosure.reason).where(SpecialClosure.center_id.in_(bindparam("ids", expanding=True)),
                                        SpecialClosure.ends_on >= bindparam("since"))


@bp.get("/")
def results():
    args = request.args
    error, result, understood, vocabulary, suited = None, None, None, None, {}
    try:
        query = parse_search_args(args)
        vocabulary = app_vocabulary() if query.q.strip() else None
        query, understood = apply_interpretation(query, given_parameters(args), vocabulary, get_gazetteer().lookup)
        if understood and not understood.text and [part.kind for part in understood.parts] == ["place"]:
            # A place alone in the box ("Clifton") is a distance search: the canonical URL says near=
            rest = [(key, value) for key, value in args.items(multi=True) if key not in ("q", "near", "page")]
            return redirect(url_for("search.results", near=args["q"].strip(), **_multi(rest)))
        result = search(db.session, query, geocode=app_geocode)
        suited = suited_lines(db.session, result, understood, vocabulary)
        count_search_appearances(hit.center.id for hit in result.hits)
    except SearchError as failure:
        error = failure
    return render_template("search/results.html", result=result, error=error, **_page_extras(result),
                           **box_context(understood, vocabulary), suited=suited, min_rated=MIN_RATED,
                           near_suggestions=near_suggestions(error, args.get("near", ""), app_vocabulary),
                           services=all_services(db.session), kinds=CenterKind, genders=GenderPolicy, radii=RADII,
                           comforts=COMFORT_FILTERS, amenity_labels=AMENITIES)


def _page_extras(result) -> dict:
    """Badges and open-now lines for the centers on this page (one query for all their hours)."""
    if result is None or not result.hits:
        return {"badges": {}, "open_lines": {}}
    ids = [hit.center.id for hit in result.hits]
    today = local_now("Asia/Karachi").date()
    spans: dict[int, list[Span]] = {center_id: [] for center_id in ids}
    for center_id, weekday, opens, closes in db.session.execute(HOURS, {"ids": ids}):
        spans[center_id].append(Span(weekday, opens, closes))
    closures: dict[int, list] = {center_id: [] for center_id in ids}  # rows with starts_on, ends_on, reason
    for closure in db.session.execute(CLOSURES, {"ids": ids, "since": today - timedelta(days=2)}):
        closures[closure.center_id].append(closure)
    open_lines = {}
    for hit in result.hits:
        now = local_now(hit.center.timezone)
        open_lines[hit.center.id] = open_state(spans[hit.center.id], now, closures[hit.center.id]).describe(now)
    return {"badges": {hit.center.id: center_badges(hit.center, today, hit.verified, hit.managed)
                       for hit in result.hits},
            "open_lines": open_lines}


def _multi(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped
