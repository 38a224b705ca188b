"""Forms for center managers."""
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ...services.visit_codes import LABEL_MAX, MAX_BATCH


class VisitCodeForm(FlaskForm):
    count = IntegerField("How many codes", default=5, validators=[
        InputRequired(message="Say how many codes."), NumberRange(min=1, max=MAX_BATCH)])
    label = StringField("Label (optional, only you see it)", validators=[Optional(), Length(max=LABEL_MAX)],
                        description="For example \"March walk-ins\" or \"Front desk\".")
