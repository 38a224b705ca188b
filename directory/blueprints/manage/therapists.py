"""A center's therapists and their credentials, for its managers (and admins); everyone else gets 404.

Therapist and credential ids are looked up within the center in the URL. Each save checks the listing version.
"""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from ...extensions import db
from ...services.centers import all_services
from ...services.hours import local_now
from ...services.listing_versions import StaleEdit, commit_listing, expect_version
from ...services.therapists import (
    CredentialDetails,
    TherapistDetails,
    TherapistError,
    add_credential,
    add_therapist,
    get_credential,
    get_therapist,
    remove_credential,
    remove_therapist,
    therapists_of,
    update_credential,
    update_therapist,
)
from ...services.uploads import UploadError
from ..guards import get_managed_center_or_404
from .therapist_forms import CredentialForm, TherapistForm, VersionForm
from .views import bp

BASE = "/centers/<slug>/therapists"


def _therapist_or_404(center, therapist_id: int):
    therapist = get_therapist(db.session, center.id, therapist_id)
    if therapist is None:
        abort(404)
    return therapist


def _credential_or_404(center, therapist_id: int, credential_id: int):
    credential = get_credential(db.session, center.id, therapist_id, credential_id)
    if credential is None:
        abort(404)
    return credential


def _list_page(center, message: str | None = None, status: int = 200):
    return render_template("manage/therapists.html", center=center, therapists=therapists_of(db.session, center.id),
                           form=VersionForm(formdata=None, version=center.version), message=message,
                           today=local_now(center.timezone).date()), status


@bp.get(BASE)
@login_required
def therapists(slug: str):
    return _list_page(get_managed_center_or_404(slug))


def _therapist_form(center, therapist=None):
    form = TherapistForm(obj=therapist) if therapist is not None else TherapistForm()
    form.specialties.choices = [SelectChoice(service.id, service.name) for service in all_services(db.session)]
    if not form.is_submitted():
        form.version.data = center.version
        if therapist is not None:
            form.specialties.data = [service.id for service in therapist.specialties]
    return form


def _save(form, center, change, done: str, back: str, reload):
    """Validate, check the version, run `change()`, commit, redirect to `back`.

    Returns (redirect or None, status, message): errors and stale edits re-render the form instead.
    """
    if not form.validate_on_submit():
        return None, 400 if form.errors.get("csrf_token") else 200, None
    try:
        expect_version(center, form.version.data)
        change()
        commit_listing(db.session)
    except StaleEdit as stale:
        db.session.rollback()
        reload(form)
        form.version.data = center.version
        return None, 409, stale.message
    except (TherapistError, UploadError) as error:
        db.session.rollback()
        name = getattr(error, "field", None) or "evidence"
        form[name].errors = [*form[name].errors, getattr(error, "message", str(error))]
        return None, 200, None
    flash(done, "success")
    return redirect(back), 302, None


def _therapist_details(form) -> TherapistDetails:
    return TherapistDetails(name=form.name.data or "", gender=form.gender.data, years_practice=form.years_practice.data,
                            bio=form.bio.data or "", specialty_ids=form.specialties.data or [])


@bp.route(f"{BASE}/new", methods=["GET", "POST"])
@login_required
def therapist_add(slug: str):
    center = get_managed_center_or_404(slug)
    form = _therapist_form(center)
    response, status, message = _save(
        form, center, lambda: add_therapist(db.session, current_user, center, _therapist_details(form)),
        "Therapist added. Add their credentials so Sukoon can verify them.",
        url_for("manage.therapists", slug=center.slug), lambda _form: None)
    return response or (render_template("manage/therapist_form.html", center=center, form=form, therapist=None,
                                        message=message), status)


@bp.route(f"{BASE}/<int:therapist_id>/edit", methods=["GET", "POST"])
@login_required
def therapist_edit(slug: str, therapist_id: int):
    center = get_managed_center_or_404(slug)
    therapist = _therapist_or_404(center, therapist_id)

    def reload(stale_form):
        current = _therapist_or_404(center, therapist_id)
        stale_form.process(formdata=None, obj=current)
        stale_form.specialties.data = [service.id for service in current.specialties]

    form = _therapist_form(center, therapist)
    response, status, message = _save(
        form, center, lambda: update_therapist(db.session, current_user, center, therapist, _therapist_details(form)),
        "Therapist saved.", url_for("manage.therapists", slug=center.slug), reload)
    return response or (render_template("manage/therapist_form.html", center=center, form=form, therapist=therapist,
                                        message=message), status)


@bp.post(f"{BASE}/<int:therapist_id>/delete")
@login_required
def therapist_delete(slug: str, therapist_id: int):
    center = get_managed_center_or_404(slug)
    therapist = _therapist_or_404(center, therapist_id)
    return _delete(center, lambda: remove_therapist(db.session, current_user, center, therapist),
                   f"{therapist.name} removed, with their credentials.")


def _delete(center, change, done: str):
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        expect_version(center, form.version.data)
        change()
        commit_listing(db.session)
    except StaleEdit as stale:
        db.session.rollback()
        return _list_page(center, stale.message, 409)
    flash(done, "success")
    return redirect(url_for("manage.therapists", slug=center.slug))


def _credential_details(form) -> CredentialDetails:
    return CredentialDetails(kind=form.kind.data, issuer=form.issuer.data or "", number=form.number.data or "",
                             issued_on=form.issued_on.data, valid_until=form.valid_until.data)


def _evidence_id(form, center) -> int | None:
    """Store an attached document (raises UploadError); it goes with this transaction."""
    if not form.evidence.data:
        return None
    from ...services.evidence import store_evidence

    return store_evidence(db.session, form.evidence.data, center_id=center.id, uploader=current_user).id


def _credential_page(center, therapist, form, credential, status, message):
    return render_template("manage/credential_form.html", center=center, therapist=therapist, form=form,
                           credential=credential, message=message, today=local_now(center.timezone).date()), status


@bp.route(f"{BASE}/<int:therapist_id>/credentials/new", methods=["GET", "POST"])
@login_required
def credential_add(slug: str, therapist_id: int):
    center = get_managed_center_or_404(slug)
    therapist = _therapist_or_404(center, therapist_id)
    form = CredentialForm()
    if not form.is_submitted():
        form.version.data = center.version

    def change():
        add_credential(db.session, current_user, center, therapist, _credential_details(form),
                       _evidence_id(form, center))

    response, status, message = _save(
        form, center, change, "Credential added: it shows as \"Pending verification\" until Sukoon checks it.",
        url_for("manage.therapists", slug=center.slug), lambda _form: None)
    return response or _credential_page(center, therapist, form, None, status, message)


@bp.route(f"{BASE}/<int:therapist_id>/credentials/<int:credential_id>/edit", methods=["GET", "POST"])
@login_required
def credential_edit(slug: str, therapist_id: int, credential_id: int):
    center = get_managed_center_or_404(slug)
    therapist = _therapist_or_404(center, therapist_id)
    credential = _credential_or_404(center, therapist_id, credential_id)
    form = CredentialForm(obj=credential)
    if not form.is_submitted():
        form.version.data = center.version
    outcome = {}

    def change():
        outcome["pending"] = update_credential(db.session, current_user, center, credential,
                                               _credential_details(form), _evidence_id(form, center))

    def reload(stale_form):
        stale_form.process(formdata=None, obj=_credential_or_404(center, therapist_id, credential_id))

    response, status, message = _save(form, center, change, "Credential saved.",
                                      url_for("manage.therapists", slug=center.slug), reload)
    if response is not None and outcome.get("pending"):
        flash("You changed what Sukoon checked, so it is pending verification again.", "info")
    return response or _credential_page(center, therapist, form, credential, status, message)


@bp.post(f"{BASE}/<int:therapist_id>/credentials/<int:credential_id>/delete")
@login_required
def credential_delete(slug: str, therapist_id: int, credential_id: int):
    center = get_managed_center_or_404(slug)
    credential = _credential_or_404(center, therapist_id, credential_id)
    return _delete(center, lambda: remove_credential(db.session, current_user, center, credential),
                   "Credential removed.")
