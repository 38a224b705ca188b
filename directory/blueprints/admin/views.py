"""Administration: the moderation queue, hiding and restoring reviews, the audit log. Admins only."""
from flask import Blueprint, abort, render_template, request
from sqlalchemy import select

from ...extensions import db
from ...models import Center, Review
from ...services.audit import latest_entries
from ...services.listings import ListingError, deleted_centers, restore_center, soft_delete_center
from ...services.reviews.moderation import dismiss_flags, hide_review, moderation_queue, recently_hidden, restore_review
from ...services.reviews.rules import ReviewError
from ..guards import role_required
from .actions import decide
from .forms import HideForm, NoteForm

bp = Blueprint("admin", __name__)


def _act(action, form, success: str, review_id: int):
    """Run one moderation action from a posted form and go back to the queue."""
    review = db.get_or_404(Review, review_id)
    return decide(form, action, review, form.note.data or "", (ReviewError,), success, "admin.queue")


@bp.get("/moderation")
@role_required("admin")
def queue():
    flagged, held = moderation_queue(db.session)
    return render_template("admin/queue.html", flagged=flagged, held=held, hidden=recently_hidden(db.session))


@bp.post("/reviews/<int:review_id>/hide")
@role_required("admin")
def hide(review_id: int):
    return _act(hide_review, HideForm(), "The review is hidden.", review_id)


@bp.post("/reviews/<int:review_id>/restore")
@role_required("admin")
def restore(review_id: int):
    return _act(restore_review, NoteForm(), "The review is published again.", review_id)


@bp.post("/reviews/<int:review_id>/dismiss-flags")
@role_required("admin")
def dismiss(review_id: int):
    return _act(dismiss_flags, NoteForm(), "The reports are dismissed; the review stays up.", review_id)


@bp.get("/audit")
@role_required("admin")
def audit():
    page = request.args.get("page", "1")
    page = int(page) if page.isdecimal() and page.isascii() and 0 < int(page) <= 10_000 else 1
    return render_template("admin/audit.html", page=latest_entries(db.session, page))


@bp.get("/centers/deleted")
@role_required("admin")
def deleted_listings():
    return render_template("admin/deleted_centers.html", centers=deleted_centers(db.session), form=NoteForm())


def _listing_action(action, form, slug: str, success: str):
    """Soft delete or restore a listing from a posted form, then show the deleted listings."""
    center = db.session.scalar(select(Center).where(Center.slug == slug[:120]))
    if center is None:
        abort(404)
    return decide(form, action, center, form.note.data or "", (ListingError,), success, "admin.deleted_listings")


@bp.post("/centers/<slug>/delete")
@role_required("admin")
def delete_listing(slug: str):
    return _listing_action(soft_delete_center, HideForm(), slug, "Listing deleted; an admin can restore it.")


@bp.post("/centers/<slug>/restore")
@role_required("admin")
def restore_listing(slug: str):
    return _listing_action(restore_center, NoteForm(), slug, "Listing restored.")
# Each module registers its routes on bp: claims, the admin home and listing queue, credential verification and
# reported changes.
from . import claims, credentials, listings, reports  # noqa: E402,F401
