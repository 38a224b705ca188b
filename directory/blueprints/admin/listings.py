"""Admins decide new listings (approve or return with a reason), suspend and restore published ones, soft delete and
restore any listing, and see every queue from the admin home."""
from flask import abort, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import HiddenField, StringField
from wtforms.validators import InputRequired, Length, Optional

from ...extensions import db
from ...forms import Form
from ...models import Center, CenterStatus, ReviewStatus
from ...services.listings.duplicates import duplicates_of
from ...services.listings.status import (
    REASON_MAX,
    REASON_MIN,
    approve_listing,
    deleted_centers,
    pending_listings,
    restore_center,
    return_listing,
    soft_delete_center,
    suspend_listing,
    suspended_listings,
    unsuspend_listing,
)
from ...services.queues import queue_counts
from ..common import page_arg
from ..decisions import decide
from ..guards import role_required
from . import bp
from .forms import HideForm, NoteForm

CHANGED = _l("The listing changed after you opened this page: look at it again before deciding. Nothing was saved.")



@bp.context_processor
def status_labels() -> dict:
    """The words for listing and review states, in the page's language (the admin pages show raw states otherwise)."""
    return {"center_statuses": dict(CenterStatus.choices()), "review_statuses": dict(ReviewStatus.choices())}

def _version():
    return HiddenField("Listing version", validators=[InputRequired(message=_l("Reload the page and try again."))])


def _reason(label: str):
    return StringField(label, validators=[InputRequired(message=_l("Write the reason; the listing's managers see "
                                                                   "it.")),
                                          Length(min=REASON_MIN, max=REASON_MAX)])


class ApproveListingForm(Form):
    note = StringField(_l("Note (optional, audit log only)"), validators=[Optional(), Length(max=REASON_MAX)])
    version = _version()


class ReturnListingForm(Form):
    reason = _reason(_l("What to fix (the submitter sees this)"))
    version = _version()


class SuspendListingForm(Form):
    reason = _reason(_l("Why suspend it (the managers see this)"))


class UnsuspendListingForm(Form):
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=REASON_MAX)])


@bp.get("/", endpoint="index")
@role_required("admin")
def admin_home():
    return render_template("admin/index.html", counts=queue_counts(db.session))


@bp.get("/listings")
@role_required("admin")
def listings():
    queue = [(center, user, duplicates_of(db.session, center)) for center, user in pending_listings(db.session)]
    return render_template("admin/listings.html", queue=queue, suspended=suspended_listings(db.session))


def _center_or_404(slug: str) -> Center:
    center = db.session.scalar(select(Center).where(Center.slug == slug[:120]))
    if center is None:
        abort(404)
    return center


def _decide(service, form: Form, slug: str, success, *fields: str, back: str = "admin.listings"):
    """Decide the listing from a posted form (a wrong state or a stale page is a message), then go `back`."""
    center = _center_or_404(slug)
    decide(form, service, center, *(form[name].data or "" for name in fields),
           success=str(success) % {"name": center.name}, stale=str(CHANGED))
    return redirect(url_for(back))


@bp.post("/listings/<slug>/approve", endpoint="approve_listing")
@role_required("admin")
def approve(slug: str):
    return _decide(approve_listing, ApproveListingForm(), slug, _l("%(name)s is published."), "note", "version")


@bp.post("/listings/<slug>/return", endpoint="return_listing")
@role_required("admin")
def send_back(slug: str):
    return _decide(return_listing, ReturnListingForm(), slug,
                   _l("%(name)s went back to its submitter with your reason."), "reason", "version")


@bp.post("/listings/<slug>/suspend", endpoint="suspend_listing")
@role_required("admin")
def suspend(slug: str):
    return _decide(suspend_listing, SuspendListingForm(), slug,
                   _l("%(name)s is suspended: hidden from the public until restored."), "reason")


@bp.post("/listings/<slug>/unsuspend", endpoint="unsuspend_listing")
@role_required("admin")
def unsuspend(slug: str):
    return _decide(unsuspend_listing, UnsuspendListingForm(), slug, _l("%(name)s is public again."), "note")


@bp.get("/centers/deleted")
@role_required("admin")
def deleted_listings():
    return render_template("admin/deleted_centers.html", page=deleted_centers(db.session, page_arg()), form=NoteForm())


@bp.post("/centers/<slug>/delete")
@role_required("admin")
def delete_listing(slug: str):
    return _decide(soft_delete_center, HideForm(), slug, _l("Listing deleted; an admin can restore it."), "note",
                   back="admin.deleted_listings")


@bp.post("/centers/<slug>/restore")
@role_required("admin")
def restore_listing(slug: str):
    return _decide(restore_center, NoteForm(), slug, _l("Listing restored."), "note", back="admin.deleted_listings")
