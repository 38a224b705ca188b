"""Review routes: members write, edit and delete their own; others vote, report, and center managers reply."""
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...extensions import db, limiter
from ...models import Review, ReviewStatus
from ...services.access import manages
from ...services.reviews.authoring import edit_review, own_review, post_review, review_blocker
from ...services.reviews.photos import delete_review_with_photos
from ...services.reviews.queries import SORTS, parse_list_args, review_page, voted_ids
from ...services.reviews.reactions import flag_review, has_flagged, mark_helpful, save_reply
from ..common import review_limits, visit_code_days
from ..guards import get_published_center_or_404
from ..transactions import perform
from ..uploads import upload_limits
from . import bp
from .forms import FlagForm, NewReviewForm, ReplyForm, ReviewForm


def _review_or_404(review_id: int) -> Review:
    """A published review; held, hidden and deleted ones do not exist for votes, reports and replies."""
    review = db.session.get(Review, review_id)
    if review is None or review.status != ReviewStatus.PUBLISHED:
        abort(404)
    return review


def _own_review_or_404(review_id: int) -> Review:
    """Only the author sees their review's edit and delete routes; to anyone else (owners too) they do not exist."""
    review = db.session.get(Review, review_id)
    if review is None or review.author_id != current_user.id or review.status == ReviewStatus.DELETED:
        abort(404)
    return review


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


def _post_limit() -> str:
    return current_app.config["RATELIMIT_REVIEW_POST"]


@bp.route("/centers/<slug>/reviews/new", methods=["GET", "POST"])
@login_required
@limiter.limit(_post_limit, key_func=_member_key, methods=["POST"])  # slows guessing of visit codes
def new(slug: str):
    center = get_published_center_or_404(slug)
    blocker = review_blocker(db.session, current_user, center)
    if blocker:
        return render_template("reviews/new.html", center=center, form=None, blocker=blocker,
                               unverified=current_user.email_verified_at is None), 403
    existing = own_review(db.session, current_user, center.id)
    if existing is not None:
        flash(_("You have already reviewed this center. You can edit your review here."), "info")
        return redirect(url_for("reviews.edit", review_id=existing.id))
    form = NewReviewForm().for_center(center)
    if request.method == "GET":  # the invitation after a completed booking carries its visit code
        form.visit_code.data = request.args.get("visit_code", "")[:20]
    if form.validate_on_submit():
        outcome = perform(post_review, db.session, current_user, center, form.review_data(),
                          visit_code=form.visit_code.data, limits=review_limits(), form=form)
        if outcome.ok:
            review = outcome.value
            if review.status == ReviewStatus.HELD:
                flash(_("Thank you. Your review is waiting for a moderator before it appears: %(note)s",
                        note=_(review.moderation_note) if review.moderation_note else ""), "info")
            else:
                flash(_("Thank you, your review is published."), "success")
            return _back_to(review)
    return render_template("reviews/new.html", center=center, form=form, blocker=None)


@bp.route("/reviews/<int:review_id>/edit", methods=["GET", "POST"])
@login_required
def edit(review_id: int):
    review = _own_review_or_404(review_id)
    form = ReviewForm(obj=review).for_center(review.center)
    if form.validate_on_submit():
        if perform(edit_review, db.session, current_user, review, form.review_data(), form=form).ok:
            flash(_("Your review is updated.") if review.status == ReviewStatus.PUBLISHED
                  else _("Your review is updated and waits for a moderator."), "success")
            return _back_to(review)
    return render_template("reviews/edit.html", review=review, center=review.center, form=form)


@bp.post("/reviews/<int:review_id>/delete")
@login_required
def delete(review_id: int):
    review = _own_review_or_404(review_id)
    outcome = perform(delete_review_with_photos, db.session, current_user, review, upload_limits().folder)
    if not outcome.ok:
        flash(outcome.error.message, "error")
        return redirect(url_for("reviews.edit", review_id=review.id))
    flash(_("Your review is deleted."), "success")
    return redirect(url_for("centers.show", slug=review.center.slug, _anchor="reviews"))


@bp.post("/reviews/<int:review_id>/helpful")
@login_required
def helpful(review_id: int):
    review = _review_or_404(review_id)
    outcome = perform(mark_helpful, db.session, current_user, review)
    if not outcome.ok:
        flash(outcome.error.message, "error")
    else:
        flash(_("Thanks for your vote.") if outcome.value else _("You already found this review helpful."), "success")
    return _back_to(review)


@bp.route("/reviews/<int:review_id>/flag", methods=["GET", "POST"])
@login_required
def flag(review_id: int):
    review = _review_or_404(review_id)
    if has_flagged(db.session, current_user, review.id):
        flash(_("You have already reported this review; a moderator will look at it."), "info")
        return _back_to(review)
    form = FlagForm()
    if form.validate_on_submit():
        if perform(flag_review, db.session, current_user, review, form.reason.data, form.note.data or "",
                   form=form).ok:
            flash(_("Thank you. A moderator will look at this review."), "success")
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
        if perform(save_reply, db.session, current_user, review, form.body.data, form=form).ok:
            flash(_("Your reply is published."), "success")
            return _back_to(review)
    return render_template("reviews/reply.html", review=review, form=form)


@bp.get("/centers/<slug>/reviews")
def index(slug: str):
    center = get_published_center_or_404(slug)
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
    return render_template("reviews/how_it_works.html", limits=review_limits(), code_days=visit_code_days())
