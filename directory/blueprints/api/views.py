"""Public JSON API, version 1: search, center detail, reviews and the massage-type catalog."""
from flask import jsonify, request

from ...extensions import db
from ...insights_buffer import count_search_appearances
from ...result_cache import args_key, cached
from ...services.bookings.requests import accepts_booking_requests
from ...services.center_state import center_state
from ...services.centers import all_services
from ...services.one_box import apply_interpretation
from ...services.pagination import paginate
from ...services.reviews.queries import published_reviews
from ...services.search import SearchError, SearchQuery, search
from ...text import clean_text
from ..common import app_gazetteer, app_geocode, app_vocabulary, default_timezone, given_parameters, local_today
from ..guards import get_published_center_or_404
from ..search.args import SCHEMA
from ..transactions import api_refusal
from . import bp, presenters
from .schemas import (
    CenterDetailSchema,
    CenterListSchema,
    PageArgsSchema,
    PlaceArgsSchema,
    PlaceListSchema,
    ReviewListSchema,
    ServiceListSchema,
)

BAD_REQUEST = {"status_code": 400, "description": "Bad input: `error.message` says what, `error.field` where."}


@bp.get("/centers")
@bp.arguments(SCHEMA, location="query", error_status_code=400)
@bp.alt_response(200, schema=CenterListSchema, success=True, description="One page of matching centers.")
@bp.alt_response(**BAD_REQUEST, schema="Error")
def centers(query: SearchQuery):
    """Search published centers near a place or point, with filters and sorting (answers may be a minute old).

    `q` is read like the site's search box: "deep tissue near Clifton women only" becomes a massage type, a place and
    a filter (parameters given explicitly win); `interpretation` says how it was read.
    """
    given = given_parameters(request.args)

    def answer() -> dict:
        vocabulary = app_vocabulary() if query.q.strip() else None
        interpreted, understood = apply_interpretation(query, given, vocabulary, app_gazetteer().lookup)
        result = search(db.session, interpreted, geocode=app_geocode, timezone=default_timezone())
        return presenters.search_page(result, local_today(), understood, request.args)

    try:
        page = cached(args_key("api-centers", list(request.args.items(multi=True))), answer)
    except SearchError as error:
        api_refusal(error)
    count_search_appearances(item["slug"] for item in page["items"])
    # Plain dicts of plain values: served as JSON directly (the schema documents them; the API tests and
    # schemathesis check every response against it), which halves the cost of the busiest endpoint.
    return jsonify(page)


@bp.get("/centers/<slug>")
@bp.response(200, CenterDetailSchema)
@bp.alt_response(404, schema="Error", description="No published center has this slug.")
def center(slug: str):
    """One center with its menu, hours, therapists and credentials, and rating histogram."""
    found = get_published_center_or_404(slug)
    return presenters.center_detail(found, center_state(db.session, found), accepts_booking_requests(db.session, found))


@bp.get("/centers/<slug>/reviews")
@bp.arguments(PageArgsSchema(), location="query", error_status_code=400)
@bp.response(200, ReviewListSchema)
@bp.alt_response(404, schema="Error", description="No published center has this slug.")
def reviews(args: dict, slug: str):
    """A center's published reviews, newest first."""
    found = get_published_center_or_404(slug, details=False)
    page = paginate(db.session, published_reviews(found.id), args["page"], args["per_page"])
    return {"items": [presenters.review_item(review) for review in page.items], "total": page.total,
            "page": page.page, "per_page": page.per_page}


@bp.get("/services")
@bp.response(200, ServiceListSchema)
def services():
    """The massage-type catalog: what each is, what it is best for, cautions."""
    return {"items": [presenters.service_item(service) for service in all_services(db.session)]}


@bp.get("/places")
@bp.arguments(PlaceArgsSchema(), location="query", error_status_code=400)
@bp.response(200, PlaceListSchema)
def places(args: dict):
    """Place-name suggestions for the search box, from the offline gazetteer."""
    found = app_gazetteer().suggest(clean_text(args["q"], 100), limit=args["limit"])
    return {"items": [{"label": place.label, "lat": place.latitude, "lng": place.longitude, "kind": place.kind}
                      for place in found]}

