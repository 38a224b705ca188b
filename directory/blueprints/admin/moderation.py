"""Review moderation: the queue of flagged and held reviews; hiding, restoring and dismissing reports. Admins only."""
from flask import redirect, render_template, url_for
from flask_babel import gettext as _

from ...extensions import db
from ...models import Review
from ...services.reviews.moderation import dismiss_flags, hide_review, moderation_queue, recently_hidden, restore_review
from ..decisions import decide
from ..guards import role_required
from . import bp
from .forms import HideForm, NoteForm


def _act(service, form, success: str, review_id: int):
    """Run one moderation decision from a posted form and go back to the queue."""
    review = db.get_or_404(Review, review_id)
    decide(form, service, review, form.note.data or "", success=success)
    return redirect(url_for("admin.queue"))


@bp.get("/moderation")
@role_required("admin")
def queue():
    flagged, held = moderation_queue(db.session)
    return render_template("admin/queue.html", flagged=flagged, held=held, hidden=recently_hidden(db.session))


@bp.post("/reviews/<int:review_id>/hide")
@role_required("admin")
def hide(review_id: int):
    return _act(hide_review, HideForm(), _("The review is hidden."), review_id)


@bp.post("/reviews/<int:review_id>/restore")
@role_required("admin")
def restore(review_id: int):
    return _act(restore_review, NoteForm(), _("The review is published again."), review_id)


@bp.post("/reviews/<int:review_id>/dismiss-flags")
@role_required("admin")
def dismiss(review_id: int):
    return _act(dismiss_flags, NoteForm(), _("The reports are dismissed; the review stays up."), review_id)
