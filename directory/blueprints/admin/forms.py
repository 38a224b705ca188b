"""Moderation forms: hiding needs a reason, restoring and dismissing take an optional note."""
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import InputRequired, Length, Optional

from ...forms import Form
from ...services.claims import REASON_MAX, REASON_MIN
from ...services.reviews.moderation import NOTE_MAX, NOTE_MIN


class HideForm(Form):
    note = StringField(_l("Why hide it (kept in the audit log)"), validators=[
        InputRequired(message=_l("Write a note saying why.")), Length(min=NOTE_MIN, max=NOTE_MAX)])


class NoteForm(Form):
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=NOTE_MAX)])


class RejectClaimForm(Form):
    reason = StringField(_l("Why reject it (the claimant sees this)"), validators=[
        InputRequired(message=_l("Write the reason the claimant will see.")), Length(min=REASON_MIN, max=REASON_MAX)])


class ApproveClaimForm(Form):
    reason = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=REASON_MAX)])
