"""Photos in reviews: the author adds (up to four) and removes them; members report one to moderators."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ...extensions import db
from ...models import Review, ReviewPhoto, ReviewStatus
from ...services.reviews.photos import MAX_PER_REVIEW, add_photo, delete_photo, flag_photo, has_flagged
from ...services.uploads import describe_size
from ..transactions import perform
from ..uploads import upload_limits
from . import bp
from .photo_forms import PhotoFlagForm, ReviewPhotoForm


def _authors_review_or_404(review_id: int) -> Review:
    """Only the author manages a review's photos: to anyone else (the center's managers too) the page is not there."""
    review = db.session.get(Review, review_id)
    if review is None or review.author_id != current_user.id or review.status == ReviewStatus.DELETED:
        abort(404)
    return review


def _page(review: Review, form: ReviewPhotoForm, status: int = 200):
    return render_template("reviews/photos.html", review=review, center=review.center, form=form,
                           max_photos=MAX_PER_REVIEW, max_size=describe_size(upload_limits().max_bytes)), status


@bp.route("/reviews/<int:review_id>/photos", methods=["GET", "POST"])
@login_required
def photos(review_id: int):
    review = _authors_review_or_404(review_id)
    form = ReviewPhotoForm()
    if not form.is_submitted():
        return _page(review, form)
    if not form.validate():
        return _page(review, form, 400)
    if not perform(add_photo, db.session, current_user, review, form.photo.data, upload_limits(), form=form).ok:
        return _page(review, form, 400)
    flash(_("Photo added to your review."), "success")
    return redirect(url_for("reviews.photos", review_id=review.id), 303)


@bp.post("/reviews/<int:review_id>/photos/<int:photo_id>/delete")
@login_required
def photo_delete(review_id: int, photo_id: int):
    review = _authors_review_or_404(review_id)
    photo = db.session.get(ReviewPhoto, photo_id)
    if photo is None or photo.review_id != review.id:
        abort(404)
    if not FlaskForm().validate():  # only the CSRF token
        abort(400)
    outcome = perform(delete_photo, db.session, current_user, photo, upload_limits().folder)
    flash(_("Photo removed.") if outcome.ok else outcome.error.message, "success" if outcome.ok else "error")
    return redirect(url_for("reviews.photos", review_id=review.id), 303)


@bp.route("/review-photos/<int:photo_id>/report", methods=["GET", "POST"])
@login_required
def photo_flag(photo_id: int):
    photo = db.session.get(ReviewPhoto, photo_id)
    if photo is None or photo.review.status != ReviewStatus.PUBLISHED:
        abort(404)
    back = redirect(url_for("centers.show", slug=photo.review.center.slug, _anchor=f"review-{photo.review_id}"))
    if has_flagged(db.session, current_user, photo.id):
        flash(_("You have already reported this photo; a moderator will look at it."), "info")
        return back
    form = PhotoFlagForm()
    if form.validate_on_submit():
        if perform(flag_photo, db.session, current_user, photo, form.reason.data, form.note.data or "",
                   form=form).ok:
            flash(_("Thank you. A moderator will look at this photo."), "success")
            return back
    return render_template("reviews/photo_flag.html", photo=photo, review=photo.review, form=form)
