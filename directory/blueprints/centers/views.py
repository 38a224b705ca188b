"""A center's public page."""
from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from ...extensions import db
from ...insights_buffer import count_page_view
from ...services.access import manages
from ...services.centers import get_published_center
from ...services.credentials import center_badges, credential_badge, is_owner_managed, listing_is_stale
from ...services.hours import Span, closure_label, local_now, open_state, upcoming_closures, weekly_table
from ...services.review_queries import latest_reviews, voted_ids
from ...services.reviews import own_review
from .structured_data import center_json_ld

bp = Blueprint("centers", __name__)


@bp.get("/<slug>")
def show(slug: str):
    center = get_published_center(db.session, slug)
    if center is None:
        abort(404)
    now = local_now(center.timezone)
    today = now.date()
    spans = [Span(row.weekday, row.opens_at, row.closes_at) for row in center.hours]
    therapist_badges = {
        therapist.id: [badge for credential in therapist.credentials
                       if (badge := credential_badge(credential, today)) is not None]
        for therapist in center.therapists}
    verified = any(badge.tone == "verified" for badges in therapist_badges.values() for badge in badges)
    reviews = latest_reviews(db.session, center.id)
    user = current_user if current_user.is_authenticated else None
    can_reply = bool(user and manages(db.session, user, center.id))
    count_page_view(center.id, request.user_agent.string, method=request.method,
                    insider=can_reply or bool(user and user.is_admin))
    return render_template(
        "centers/show.html", center=center, today=today,
        open_line=open_state(spans, now, center.closures).describe(now), week=weekly_table(spans),
        closures=[closure_label(closure, today) for closure in upcoming_closures(center.closures, today)],
        today_name=now.strftime("%A"), therapist_badges=therapist_badges,
        badges=center_badges(center, today, verified, is_owner_managed(db.session, center.id)),
        stale=listing_is_stale(center, today),
        reviews=reviews, voted=voted_ids(db.session, user, [review.id for review in reviews]),
        can_reply=can_reply,
        own_review=own_review(db.session, user, center.id) if user else None,
        json_ld=center_json_ld(center, spans))
from . import reports  # noqa: E402,F401  (registers "report a change" and the counted contact links on bp)
