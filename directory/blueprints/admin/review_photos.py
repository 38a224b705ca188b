"""Moderating review photos: the reported ones, removed (for good, audited) or kept. Admins only."""
from flask import redirect, render_template, url_for
from flask_babel import gettext as _

from ...extensions import db
from ...models import ReviewPhoto
from ...services.reviews.photos import dismiss_flags, flagged_photos, remove_flagged
from ..decisions import decide
from ..guards import role_required
from ..uploads import upload_limits
from . import bp
from .forms import NoteForm


@bp.get("/review-photos")
@role_required("admin")
def review_photos():
    return render_template("admin/review_photos.html", flagged=flagged_photos(db.session), form=NoteForm())


@bp.post("/review-photos/<int:photo_id>/remove")
@role_required("admin")
def remove_review_photo(photo_id: int):
    photo = db.get_or_404(ReviewPhoto, photo_id)
    form = NoteForm()
    decide(form, remove_flagged, photo, form.note.data or "", upload_limits().folder,
           success=_("The photo is removed."))
    return redirect(url_for("admin.review_photos"))


@bp.post("/review-photos/<int:photo_id>/keep")
@role_required("admin")
def keep_review_photo(photo_id: int):
    photo = db.get_or_404(ReviewPhoto, photo_id)
    form = NoteForm()
    decide(form, dismiss_flags, photo, form.note.data or "", success=_("The reports are dismissed; the photo stays."))
    return redirect(url_for("admin.review_photos"))
