"""Admins decide new listings (approve or return with a reason), suspend and restore published ones, and see every
queue from the admin home."""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import HiddenField, StringField
from wtforms.validators import InputRequired, Length, Optional

from ...extensions import db
from ...models import Center
from ...services.duplicates import duplicates_of
from ...services.listing_versions import StaleEdit, commit_listing
from ...services.listings import (
    REASON_MAX,
    REASON_MIN,
    ListingError,
    approve_listing,
    pending_listings,
    queue_counts,
    return_listing,
    suspend_listing,
    suspended_listings,
    unsuspend_listing,
)
from ..guards import role_required
from .views import bp

CHANGED = "The listing changed after you opened this page: look at it again before deciding. Nothing was saved."


def _version():
    return HiddenField("Listing version", validators=[InputRequired(message="Reload the page and try again.")])


def _reason(label: str):
    return StringField(label, validators=[InputRequired(message="Write the reason; the listing's managers see it."),
                                          Length(min=REASON_MIN, max=REASON_MAX)])


class ApproveListingForm(FlaskForm):
    note = StringField("Note (optional, audit log only)", validators=[Optional(), Length(max=REASON_MAX)])
    version = _version()


class ReturnListingForm(FlaskForm):
    reason = _reason("What to fix (the submitter sees this)")
    version = _version()


class SuspendListingForm(FlaskForm):
    reason = _reason("Why suspend it (the managers see this)")


class UnsuspendListingForm(FlaskForm):
    note = StringField("Note (optional)", validators=[Optional(), Length(max=REASON_MAX)])


@bp.get("/", endpoint="index")
@role_required("admin")
def admin_home():
    return render_template("admin/index.html", counts=queue_counts(db.session))


@bp.get("/listings")
@role_required("admin")
def listings():
    queue = [(center, user, duplicates_of(db.session, center)) for center, user in pending_listings(db.session)]
    return render_template("admin/listings.html", queue=queue, suspended=suspended_listings(db.session))


def _decide(action, form: FlaskForm, slug: str, success: str, *fields: str):
    """Validate the posted form, act on the listing, commit; a wrong state or a stale page is a message."""
    center = db.session.scalar(select(Center).where(Center.slug == slug[:120]))
    if center is None:
        abort(404)
    if not form.validate_on_submit():
        flash(" ".join(error for messages in form.errors.values() for error in messages), "error")
    else:
        try:
            action(db.session, current_user, center, *(form[name].data for name in fields))
            commit_listing(db.session)
        except ListingError as error:
            db.session.rollback()
            flash(error.message, "error")
        except StaleEdit:
            db.session.rollback()
            flash(CHANGED, "error")
        else:
            flash(success.format(name=center.name), "success")
    return redirect(url_for("admin.listings"))


@bp.post("/listings/<slug>/approve", endpoint="approve_listing")
@role_required("admin")
def approve(slug: str):
    return _decide(approve_listing, ApproveListingForm(), slug, "{name} is published.", "note", "version")


@bp.post("/listings/<slug>/return", endpoint="return_listing")
@role_required("admin")
def send_back(slug: str):
    return _decide(return_listing, ReturnListingForm(), slug, "{name} went back to its submitter with your reason.",
                   "reason", "version")


@bp.post("/listings/<slug>/suspend", endpoint="suspend_listing")
@role_required("admin")
def suspend(slug: str):
    return _decide(suspend_listing, SuspendListingForm(), slug,
                   "{name} is suspended: hidden from the public until restored.", "reason")


@bp.post("/listings/<slug>/unsuspend", endpoint="unsuspend_listing")
@role_required("admin")
def unsuspend(slug: str):
    return _decide(unsuspend_listing, UnsuspendListingForm(), slug, "{name} is public again.", "note")
