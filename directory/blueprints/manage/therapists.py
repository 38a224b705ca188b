"""A center's therapists and their credentials, for its managers (and admins); everyone else gets 404.

Therapist and credential ids are looked up within the center in the URL. Each save passes the listing version the
form was drawn from to the service; a stale save re-renders the form with the current data and status 409.
"""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from ...extensions import db
from ...services.centers import all_services
from ...services.conditions import all_conditions
from ...services.hours import local_now
from ...services.therapists import (
    GENDERS,
    CredentialDetails,
    TherapistDetails,
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
from ..guards import get_managed_center_or_404
from ..transactions import Outcome, perform
from ..uploads import upload_limits
from . import bp
from .therapist_forms import CredentialForm, TherapistForm, VersionForm

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
                           today=local_now(center.timezone).date(), genders=GENDERS), status


def _back_to_list(center, done: str):
    flash(done, "success")
    return redirect(url_for("manage.therapists", slug=center.slug))


def _form_status(form) -> int:
    """A form that was not saved: 400 for a bad CSRF token, else the form again with its errors (200)."""
    return 400 if form.errors.get("csrf_token") else 200


def _save(form, service, *args, **kwargs) -> Outcome | None:
    """Validate the form and run the change (with the version the form carries); None when the form is invalid."""
    if not form.validate_on_submit():
        return None
    return perform(service, *args, version=form.version.data, form=form, **kwargs)


@bp.get(BASE)
@login_required
def therapists(slug: str):
    return _list_page(get_managed_center_or_404(slug))


def _therapist_form(center, therapist=None):
    form = TherapistForm(obj=therapist) if therapist is not None else TherapistForm()
    form.specialties.choices = [SelectChoice(service.id, service.name) for service in all_services(db.session)]
    form.conditions.choices = [SelectChoice(item.id, item.name) for item in all_conditions(db.session)]
    if not form.is_submitted():
        form.version.data = center.version
        if therapist is not None:
            _fill_lists(form, therapist)
    return form


def _fill_lists(form, therapist) -> None:
    form.specialties.data = [service.id for service in therapist.specialties]
    form.languages.data = list(therapist.languages or [])
    form.conditions.data = [condition.id for condition in therapist.conditions]


def _therapist_details(form) -> TherapistDetails:
    return TherapistDetails(name=form.name.data or "", gender=form.gender.data, years_practice=form.years_practice.data,
                            bio=form.bio.data or "", specialty_ids=form.specialties.data or [],
                            languages=form.languages.data or [], condition_ids=form.conditions.data or [])


def _therapist_page(center, form, therapist, outcome: Outcome | None):
    status, message = _form_status(form) if outcome is None else 200, None
    if outcome is not None and outcome.stale:
        status, message = 409, outcome.error.message
        if therapist is not None:  # an edit shows the therapist as now saved; a new one keeps what was typed
            current = _therapist_or_404(center, therapist.id)
            form.process(formdata=None, obj=current)
            _fill_lists(form, current)
        form.version.data = center.version
    return render_template("manage/therapist_form.html", center=center, form=form, therapist=therapist,
                           message=message), status


@bp.route(f"{BASE}/new", methods=["GET", "POST"])
@login_required
def therapist_add(slug: str):
    center = get_managed_center_or_404(slug)
    form = _therapist_form(center)
    outcome = _save(form, add_therapist, db.session, current_user, center, _therapist_details(form))
    if outcome is not None and outcome.ok:
        return _back_to_list(center, _("Therapist added. Add their credentials so Sukoon can verify them."))
    return _therapist_page(center, form, None, outcome)


@bp.route(f"{BASE}/<int:therapist_id>/edit", methods=["GET", "POST"])
@login_required
def therapist_edit(slug: str, therapist_id: int):
    center = get_managed_center_or_404(slug)
    therapist = _therapist_or_404(center, therapist_id)
    form = _therapist_form(center, therapist)
    outcome = _save(form, update_therapist, db.session, current_user, center, therapist, _therapist_details(form))
    if outcome is not None and outcome.ok:
        return _back_to_list(center, _("Therapist saved."))
    return _therapist_page(center, form, therapist, outcome)


def _delete(center, service, *args, done: str):
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400)
    outcome = perform(service, db.session, current_user, center, *args, version=form.version.data)
    if outcome.stale:
        return _list_page(center, outcome.error.message, 409)
    return _back_to_list(center, done)


@bp.post(f"{BASE}/<int:therapist_id>/delete")
@login_required
def therapist_delete(slug: str, therapist_id: int):
    center = get_managed_center_or_404(slug)
    therapist = _therapist_or_404(center, therapist_id)
    return _delete(center, remove_therapist, therapist, done=_("%(name)s removed, with their credentials.",
                                                                          name=therapist.name))


def _credential_details(form) -> CredentialDetails:
    return CredentialDetails(kind=form.kind.data, issuer=form.issuer.data or "", number=form.number.data or "",
                             issued_on=form.issued_on.data, valid_until=form.valid_until.data)


def _credential_form(center, credential=None) -> CredentialForm:
    form = CredentialForm(obj=credential)
    if not form.is_submitted():
        form.version.data = center.version
    return form


def _credential_page(center, therapist, form, credential, outcome: Outcome | None):
    status, message = _form_status(form) if outcome is None else 200, None
    if outcome is not None and outcome.stale:
        status, message = 409, outcome.error.message
        if credential is not None:
            form.process(formdata=None, obj=_credential_or_404(center, therapist.id, credential.id))
        form.version.data = center.version
    return render_template("manage/credential_form.html", center=center, therapist=therapist, form=form,
                           credential=credential, message=message, today=local_now(center.timezone).date()), status


@bp.route(f"{BASE}/<int:therapist_id>/credentials/new", methods=["GET", "POST"])
@login_required
def credential_add(slug: str, therapist_id: int):
    center = get_managed_center_or_404(slug)
    therapist = _therapist_or_404(center, therapist_id)
    form = _credential_form(center)
    outcome = _save(form, add_credential, db.session, current_user, center, therapist, _credential_details(form),
                    evidence_file=form.evidence.data, limits=upload_limits())
    if outcome is not None and outcome.ok:
        return _back_to_list(center, _("Credential added: it shows as \"Pending verification\" until Sukoon checks "
                                       "it."))
    return _credential_page(center, therapist, form, None, outcome)


@bp.route(f"{BASE}/<int:therapist_id>/credentials/<int:credential_id>/edit", methods=["GET", "POST"])
@login_required
def credential_edit(slug: str, therapist_id: int, credential_id: int):
    center = get_managed_center_or_404(slug)
    therapist = _therapist_or_404(center, therapist_id)
    credential = _credential_or_404(center, therapist_id, credential_id)
    form = _credential_form(center, credential)
    outcome = _save(form, update_credential, db.session, current_user, center, credential,
                    _credential_details(form), evidence_file=form.evidence.data, limits=upload_limits())
    if outcome is None or not outcome.ok:
        return _credential_page(center, therapist, form, credential, outcome)
    response = _back_to_list(center, _("Credential saved."))
    if outcome.value:  # the change sent it back to pending
        flash(_("You changed what Sukoon checked, so it is pending verification again."), "info")
    return response


@bp.post(f"{BASE}/<int:therapist_id>/credentials/<int:credential_id>/delete")
@login_required
def credential_delete(slug: str, therapist_id: int, credential_id: int):
    center = get_managed_center_or_404(slug)
    credential = _credential_or_404(center, therapist_id, credential_id)
    return _delete(center, remove_credential, credential, done=_("Credential removed."))
