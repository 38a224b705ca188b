"""Turning centers, reviews and services into the API's dictionaries."""
from datetime import date
from urllib.parse import quote

from flask import url_for
from werkzeug.datastructures import MultiDict

from ...models import Center, Review, Service
from ...services.center_state import CenterState, card_badges
from ...services.query_parse import Interpretation
from ...services.search import MAX_PAGE, SearchResult
from ..search.args import make_cursor
from ..therapists import therapist_url


def next_url(result: SearchResult, args: MultiDict | None) -> str | None:
    """The next page: by keyset cursor where the search gave one, else by page number up to MAX_PAGE."""
    if args is None:
        return None
    kept = [(key, value) for key, value in args.items(multi=True) if key not in ("page", "cursor")]
    if result.next_after is not None:
        return url_for("api.centers", _external=True, **_grouped(kept + [("cursor", make_cursor(result.next_after))]))
    full = len(result.hits) == result.per_page and (result.page < result.pages or result.capped)
    if result.sort == "rating" and result.origin is None or not full or result.page >= MAX_PAGE:
        return None
    return url_for("api.centers", _external=True, **_grouped(kept + [("page", str(result.page + 1))]))


def _grouped(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


def _center_url():
    """The centers.show URL of a slug, with url_for called once a page (20 calls were a tenth of the answer)."""
    prefix = url_for("centers.show", slug="x", _external=True)[:-1]
    return lambda slug: prefix + quote(slug, safe="")


def search_page(result: SearchResult, today: date, understood: Interpretation | None = None,
                args: MultiDict | None = None) -> dict:
    center_url = _center_url()
    items = [{
        "slug": hit.center.slug, "name": hit.center.name, "kind": hit.center.kind, "area": hit.center.area,
        "city": hit.center.city, "lat": hit.center.latitude, "lng": hit.center.longitude,
        "distance_km": None if hit.distance_km is None else round(hit.distance_km, 1),
        "rating": hit.center.rating, "review_count": hit.center.rating_count, "services": list(hit.center.services),
        "badges": [b.label for b in card_badges(hit, today)],
        "gender_policy": hit.center.gender_policy, "price_from": hit.price_from,
        "url": center_url(hit.center.slug),
    } for hit in result.hits]
    origin = result.origin
    return {"items": items, "total": result.total, "total_capped": result.capped, "page": result.page,
            "per_page": result.per_page, "next": next_url(result, args),
            "interpretation": (understood or Interpretation()).as_dict(),
            "origin": None if origin is None else {"lat": origin.latitude, "lng": origin.longitude,
                                                   "label": origin.label}}


def center_detail(center: Center, state: CenterState, accepts_bookings: bool = False) -> dict:
    today = state.now.date()
    therapists = [{
        "url": therapist_url(therapist, _external=True), "name": therapist.name, "gender": therapist.gender,
        "years_practice": therapist.years_practice,
        "specialties": [service.slug for service in therapist.specialties],
        "credentials": [{"kind": credential.kind, "issuer": credential.issuer,
                         "status": credential.status_on(today).value, "valid_until": credential.valid_until,
                         "badge": state.credential_badges[credential.id].label}
                        for credential in therapist.credentials if credential.id in state.credential_badges],
    } for therapist in center.therapists]
    return {
        "slug": center.slug, "name": center.name, "kind": center.kind, "description": center.description,
        "address": center.address, "area": center.area, "city": center.city, "lat": center.latitude,
        "lng": center.longitude, "phone": center.phone, "whatsapp": center.whatsapp, "email": center.email,
        "website": center.website, "gender_policy": center.gender_policy, "amenities": center.amenities or [],
        "open_now": state.open_line,
        "services": [{"slug": item.service.slug, "name": item.name, "duration_min": item.duration_min,
                      "price_pkr": item.price_pkr, "price_per_60_min": item.price_per_hour} for item in center.menu],
        "hours": [{"day": day, "spans": labels} for day, labels in state.week],
        "therapists": therapists,
        "rating": {"average": center.rating, "count": center.rating_count,
                   "histogram": {str(stars): count for stars, count in center.histogram.items()}},
        "badges": [b.label for b in state.badges],
        "confirmed_at": center.confirmed_at,
        "url": url_for("centers.show", slug=center.slug, _external=True),
        "accepts_booking_requests": accepts_bookings,
        "booking_request_url": url_for("bookings.new", slug=center.slug, _external=True) if accepts_bookings else None,
    }


def review_item(review: Review) -> dict:
    """A published review; load `Review.reply` eagerly for lists (services.reviews.queries does)."""
    reply = review.reply
    return {"id": review.id, "rating": review.rating, "title": review.title, "text": review.body,
            "author": review.author.display_name, "created_at": review.created_at,
            "verified_visit": review.verified_visit, "edited": review.edited_at is not None,
            "helpful_count": review.helpful_count,
            "reply": None if reply is None else {"text": reply.body, "created_at": reply.created_at}}


def service_item(service: Service) -> dict:
    return {"slug": service.slug, "name": service.name, "summary": service.summary, "pressure": service.pressure,
            "best_for": service.best_for or [], "cautions": service.cautions or []}

