"""Forms for center managers: visit codes, decisions on reported changes, claims."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ...services.change_reports import NOTE_MAX
from ...services.claims import EVIDENCE_MAX, EVIDENCE_MIN, ROLES_AT_CENTER
from ...services.reviews.visit_codes import LABEL_MAX, MAX_BATCH


class VisitCodeForm(FlaskForm):
    count = IntegerField("How many codes", default=5, validators=[
        InputRequired(message="Say how many codes."), NumberRange(min=1, max=MAX_BATCH)])
    label = StringField("Label (optional, only you see it)", validators=[Optional(), Length(max=LABEL_MAX)],
                        description="For example \"March walk-ins\" or \"Front desk\".")


class DecisionForm(FlaskForm):
    """Accepting or dismissing a reported change (owners and admins)."""

    note = StringField("Note (optional, kept with the decision)", validators=[
        Optional(), Length(max=NOTE_MAX, message=f"Keep the note under {NOTE_MAX} characters.")])


class ClaimForm(FlaskForm):
    role_at_center = SelectField("Your role at the center",
                                 choices=[SelectChoice(value, text) for value, text in ROLES_AT_CENTER.items()],
                                 validators=[InputRequired(message="Choose your role at the center.")])
    evidence = TextAreaField("How we can verify your claim", validators=[
        InputRequired(message="Tell us how we can verify your claim."), Length(min=EVIDENCE_MIN, max=EVIDENCE_MAX)],
        description="For example: the business phone or email on the listing (we will contact you there), or a "
                    "trade licence number. 20 to 1000 characters.")
    document = FileField("Supporting document (optional)",
                         render_kw={"accept": "application/pdf,image/jpeg,image/png,image/webp"},
                         description="A trade licence, utility bill or letterhead showing your name and the center's: "
                                     "PDF, JPEG, PNG or WebP, up to 8 MB. Only administrators see it.")
