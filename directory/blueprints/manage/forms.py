"""Forms for center managers: visit codes, decisions on reported changes, claims."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ...forms import Form
from ...services.change_reports import NOTE_MAX
from ...services.claims import EVIDENCE_MAX, EVIDENCE_MIN, ROLES_AT_CENTER
from ...services.reviews.visit_codes import LABEL_MAX, MAX_BATCH


class VisitCodeForm(Form):
    count = IntegerField(_l("How many codes"), default=5, validators=[
        InputRequired(message=_l("Say how many codes.")), NumberRange(min=1, max=MAX_BATCH)])
    label = StringField(_l("Label (optional, only you see it)"), validators=[Optional(), Length(max=LABEL_MAX)],
                        description=_l("For example \"March walk-ins\" or \"Front desk\"."))


class DecisionForm(Form):
    """Accepting or dismissing a reported change (owners and admins)."""

    note = StringField(_l("Note (optional, kept with the decision)"), validators=[
        Optional(), Length(max=NOTE_MAX, message=_l("Keep the note under %(note_max)s characters.",
                                                    note_max=NOTE_MAX))])


class ClaimForm(Form):
    role_at_center = SelectField(_l("Your role at the center"),
                                 choices=[SelectChoice(value, text) for value, text in ROLES_AT_CENTER.items()],
                                 validators=[InputRequired(message=_l("Choose your role at the center."))])
    evidence = TextAreaField(_l("How we can verify your claim"), validators=[
        InputRequired(message=_l("Tell us how we can verify your claim.")), Length(min=EVIDENCE_MIN, max=EVIDENCE_MAX)],
        description=_l("For example: the business phone or email on the listing (we will contact you there), or a "
                       "trade licence number. 20 to 1000 characters."))
    document = FileField(_l("Supporting document (optional)"),
                         render_kw={"accept": "application/pdf,image/jpeg,image/png,image/webp"},
                         description=_l("A trade licence, utility bill or letterhead showing your name and the "
                                        "center's: PDF, JPEG, PNG or WebP, up to 8 MB. Only administrators see it."))
