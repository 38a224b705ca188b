"""A center's public page."""
from flask import render_template, request
from flask_login import current_user

from ...extensions import db
from ...insights_buffer import count_page_view
from ...page_cache import Page, anonymous_page
from ...services.access import manages
from ...services.bookings.requests import accepts_booking_requests
from ...services.center_state import center_state
from ...services.centers import page_stamp
from ...services.reviews.authoring import own_review
from ...services.reviews.queries import latest_reviews, voted_ids
from ..guards import get_published_center_or_404
from . import bp
from .structured_data import center_json_ld


@bp.get("/<slug>")
def show(slug: str):
    slug = slug[:120]
    page = anonymous_page("center", lambda: _center_page(slug), stamp=page_stamp(db.session, slug))
    for center_id in page.refs:
        count_page_view(center_id, request.user_agent.string, method=request.method)
    return page.body


def _center_page(slug: str) -> Page:
    center = get_published_center_or_404(slug)
    state = center_state(db.session, center)
    reviews = latest_reviews(db.session, center.id)
    user = current_user if current_user.is_authenticated else None
    can_reply = bool(user and manages(db.session, user, center.id))
    insider = can_reply or bool(user and user.is_admin)  # their visits are not counted as page views
    return Page(render_template(
        "centers/show.html", center=center, state=state, today_name=state.now.strftime("%A"),
        reviews=reviews, voted=voted_ids(db.session, user, [review.id for review in reviews]), can_reply=can_reply,
        own_review=own_review(db.session, user, center.id) if user else None,
        json_ld=center_json_ld(center, state.spans), takes_bookings=accepts_booking_requests(db.session, center)),
        refs=() if insider else (center.id,))
