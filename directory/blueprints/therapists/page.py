"""A therapist's public page."""
from flask import abort, redirect, render_template, request
from flask_login import current_user

from ...extensions import db
from ...services.public_therapists import (
    GENDER_LABELS,
    get_public_therapist,
    language_labels,
    name_slug,
    reviews_naming,
    therapist_badges,
    therapist_today,
)
from ...services.reviews.queries import voted_ids
from . import bp, therapist_url


@bp.get("/<int:therapist_id>-<slug>")
@bp.get("/<int:therapist_id>")
def show(therapist_id: int, slug: str = ""):
    therapist = get_public_therapist(db.session, therapist_id)
    if therapist is None:
        abort(404, description="No therapist of a published center has this address.")
    if slug != name_slug(therapist.name):
        return redirect(therapist_url(therapist, **request.args.to_dict()), code=301)
    page = reviews_naming(db.session, therapist.id, request.args.get("page", 1, type=int) or 1)
    user = current_user if current_user.is_authenticated else None
    return render_template(
        "therapists/show.html", therapist=therapist, center=therapist.center, page=page,
        badges=therapist_badges(therapist, therapist_today(therapist)), gender=GENDER_LABELS.get(therapist.gender),
        languages=language_labels(therapist.languages),
        voted=voted_ids(db.session, user, [review.id for review in page.items]), can_reply=False)
