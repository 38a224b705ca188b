"""A center's public page."""
from flask import Blueprint, abort, render_template

from ...extensions import db
from ...services.centers import get_published_center, latest_reviews
from ...services.credentials import center_badges, credential_badge, listing_is_stale
from ...services.hours import Span, local_now, open_state, weekly_table
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
    return render_template(
        "centers/show.html", center=center, today=today,
        open_line=open_state(spans, now).describe(now), week=weekly_table(spans),
        today_name=now.strftime("%A"), therapist_badges=therapist_badges,
        badges=center_badges(center, today, verified), stale=listing_is_stale(center, today),
        reviews=latest_reviews(db.session, center.id), json_ld=center_json_ld(center, spans))

