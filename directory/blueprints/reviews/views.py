"""Reviews: write, edit, delete, vote helpful, report, reply (center managers), list, and the public rules."""
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ...extensions import db, limiter
from ...models import Center, Review, ReviewStatus
from ...services.access import manages
from ...services.centers import get_published_center
from ...services.review_actions import flag_review, has_flagged, mark_helpful, save_reply
from ...services.review_queries import SORTS, parse_list_args, review_page, voted_ids
from ...services.review_rules import ReviewError, current_limits
from ...services.reviews import delete_review, edit_review, own_review, post_review, review_blocker
from .forms import FlagForm, NewReviewForm, ReplyForm, ReviewForm

bp = Blueprint("reviews", __name__)


def _center_or_404(slug: str) -> Center:
    center = get_published_center(db.session, slug[:120])
    if center is None:
        abort(404)
    return center


def _review_or_404(review_id: int, statuses=(ReviewStatus.PUBLISHED,)) -> Review:
    review = db.session.get(Review, review_id)
    if review is None or review.status not in statuses:
        abort(404)
    return review


def _own_review_or_404(review_id: int) -> Review:
    """Only the author sees their review's edit and delete routes; to anyone else (owners too) they do not exist."""
    review = db.session.get(Review, review_id)
    if review is None or review.author_id != current_user.id or review.status == ReviewStatus.DELETED:
        abort(404)
    return review


def _show_error(form: FlaskForm, error: ReviewError) -> None:
    """Put a service refusal next to its field, or at the top of the form."""
    db.session.rollback()
    if error.field and error.field in form:
        form[error.field].errors = [*form[error.field].errors, error.message]
    else:
        flash(error.message, "error")


def _back_to(review: Review):
    """Back to the review on the page the member came from: this center's review list, else the center page."""
    listing = url_for("reviews.index", slug=review.center.slug)
    came_from = urlsplit(request.referrer or "")
    if came_from.netloc == request.host and came_from.path == listing:  # only ever a path of ours
        query = f"?{came_from.query}" if came_from.query else ""
        return redirect(f"{listing}{query}#review-{review.id}")
    return redirect(url_for("centers.show", slug=review.center.slug, _anchor=f"review-{review.id}"))


def _member_key() -> str:
    return f"member:{current_user.get_id()}" if current_user.is_authenticated else request.remote_addr or ""


@bp.route("/centers/<slug>/reviews/new", methods=["GET", "POST"])
@login_required
@limiter.limit("20 per hour", key_func=_member_key, methods=["POST"])  # slows guessing of visit codes
def new(slug: str):
    center = _center_or_404(slug)
    blocker = review_blocker(db.session, current_user, center)
    if blocker:
        return render_template("reviews/new.html", center=center, form=None, blocker=blocker,
                               unverified=current_user.email_verified_at is None), 403
    existing = own_review(db.session, current_user, center.id)
    if existing is not None:
        flash("You have already reviewed this center. You can edit your review here.", "info")
        return redirect(url_for("reviews.edit", review_id=existing.id))
    form = NewReviewForm().for_center(center)
    if form.validate_on_submit():
        try:
            review = post_review(db.session, current_user, center, form.review_data(), visit_code=form.visit_code.data)
            db.session.commit()
        except ReviewError as error:
            _show_error(form, error)
        else:
            if review.status == ReviewStatus.HELD:
                flash("Thank you. Your review is waiting for a moderator before it appears: "
                      f"{review.moderation_note}", "info")
            else:
                flash("Thank you, your review is published.", "success")
            return _back_to(review)
    return render_template("reviews/new.html", center=center, form=form, blocker=None)


@bp.route("/reviews/<int:review_id>/edit", methods=["GET", "POST"])
@login_required
def edit(review_id: int):
    review = _own_review_or_404(review_id)
    form = ReviewForm(obj=review).for_center(review.center)
    if form.validate_on_submit():
        try:
            edit_review(db.session, current_user, review, form.review_data())
            db.session.commit()
        except ReviewError as error:
            _show_error(form, error)
        else:
            flash("Your review is updated." if review.status == ReviewStatus.PUBLISHED
                  else "Your review is updated and waits for a moderator.", "success")
            return _back_to(review)
    return render_template("reviews/edit.html", review=review, center=review.center, form=form)


@bp.post("/reviews/<int:review_id>/delete")
@login_required
def delete(review_id: int):
    review = _own_review_or_404(review_id)
    try:
        delete_review(db.session, current_user, review)
        db.session.commit()
    except ReviewError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("reviews.edit", review_id=review.id))
    flash("Your review is deleted.", "success")
    return redirect(url_for("centers.show", slug=review.center.slug, _anchor="reviews"))


@bp.post("/reviews/<int:review_id>/helpful")
@login_required
def helpful(review_id: int):
    review = _review_or_404(review_id)
    try:
        counted = mark_helpful(db.session, current_user, review)
        db.session.commit()
    except ReviewError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash("Thanks for your vote." if counted else "You already found this review helpful.", "success")
    return _back_to(review)


@bp.route("/reviews/<int:review_id>/flag", methods=["GET", "POST"])
@login_required
def flag(review_id: int):
    review = _review_or_404(review_id)
    if has_flagged(db.session, current_user, review.id):
        flash("You have already reported this review; a moderator will look at it.", "info")
        return _back_to(review)
    form = FlagForm()
    if form.validate_on_submit():
        try:
            flag_review(db.session, current_user, review, form.reason.data, form.note.data or "")
            db.session.commit()
        except ReviewError as error:
            _show_error(form, error)
        else:
            flash("Thank you. A moderator will look at this review.", "success")
            return _back_to(review)
    return render_template("reviews/flag.html", review=review, form=form)


@bp.route("/reviews/<int:review_id>/reply", methods=["GET", "POST"])
@login_required
def reply(review_id: int):
    review = _review_or_404(review_id)
    if not manages(db.session, current_user, review.center_id):
        abort(404)
    form = ReplyForm(obj=review.reply)
    if form.validate_on_submit():
        try:
            save_reply(db.session, current_user, review, form.body.data)
            db.session.commit()
        except ReviewError as error:
            _show_error(form, error)
        else:
            flash("Your reply is published.", "success")
            return _back_to(review)
    return render_template("reviews/reply.html", review=review, form=form)


@bp.get("/centers/<slug>/reviews")
def index(slug: str):
    center = _center_or_404(slug)
    sort, stars, page_number = parse_list_args(request.args)
    page = review_page(db.session, center.id, sort, stars, page_number)
    user = current_user if current_user.is_authenticated else None
    return render_template(
        "reviews/list.html", center=center, page=page, sort=sort, stars=stars, sorts=SORTS,
        voted=voted_ids(db.session, user, [review.id for review in page.items]),
        can_reply=bool(user and manages(db.session, user, center.id)),
        own=own_review(db.session, user, center.id) if user else None)


@bp.get("/how-reviews-work")
def how_it_works():
    return render_template("reviews/how_it_works.html", limits=current_limits(),
                           code_days=int(current_app.config.get("VISIT_CODE_DAYS", 30)))
