"""Admins verify therapists' credentials: pending ones oldest first; verify with a method, or reject with a reason."""
from flask import current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from ...extensions import db
from ...forms import Form
from ...models import Credential, VerificationMethod
from ...services.credentials import REJECTION_MAX, REJECTION_MIN, pending_queue
from ...services.credentials import reject_credential as reject
from ...services.credentials import verify_credential as verify
from ...services.hours import local_now
from ..decisions import decide
from ..guards import role_required
from . import bp

METHOD_LABELS = {"issuer_lookup": _l("Issuer lookup"), "document_reviewed": _l("Document reviewed"),
                 "phone_call": _l("Phone call to the issuer")}


class VerifyCredentialForm(Form):
    method = SelectField(_l("How you checked it"), choices=[SelectChoice("", _l("Choose…")), *(
        SelectChoice(method.value, METHOD_LABELS[method.value]) for method in VerificationMethod)],
        validators=[InputRequired(message=_l("Choose how you checked the credential."))])


class RejectCredentialForm(Form):
    reason = StringField(_l("Why reject it (the center sees this)"), validators=[
        InputRequired(message=_l("Write the reason the center will see.")),
        Length(min=REJECTION_MIN, max=REJECTION_MAX,
               message=_l("Write the reason in %(rejection_min)s to %(rejection_max)s characters.",
                          rejection_min=REJECTION_MIN, rejection_max=REJECTION_MAX))])


@bp.get("/credentials")
@role_required("admin")
def credentials():
    today = local_now(current_app.config["DEFAULT_TIMEZONE"]).date()
    return render_template("admin/credentials.html", queue=pending_queue(db.session),
                           methods=VerifyCredentialForm().method.choices, today=today)


def _decide(service, form, text: str, credential_id: int, success: str):
    credential = db.get_or_404(Credential, credential_id)
    decide(form, service, credential, text, success=success)
    return redirect(url_for("admin.credentials"))


@bp.post("/credentials/<int:credential_id>/verify")
@role_required("admin")
def verify_credential(credential_id: int):
    form = VerifyCredentialForm()
    return _decide(verify, form, form.method.data or "", credential_id,
                   _("Credential verified: its badge now shows on the center's page."))


@bp.post("/credentials/<int:credential_id>/reject")
@role_required("admin")
def reject_credential(credential_id: int):
    form = RejectCredentialForm()
    return _decide(reject, form, form.reason.data or "", credential_id,
                   _("Credential rejected; the center's managers see your reason."))
