"""Moderation forms: hiding needs a reason, restoring and dismissing take an optional note."""
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length, Optional

from ...services.claims import REASON_MAX, REASON_MIN
from ...services.reviews.moderation import NOTE_MAX, NOTE_MIN


class HideForm(FlaskForm):
    note = StringField("Why hide it (kept in the audit log)", validators=[
        InputRequired(message="Write a note saying why."), Length(min=NOTE_MIN, max=NOTE_MAX)])


class NoteForm(FlaskForm):
    note = StringField("Note (optional)", validators=[Optional(), Length(max=NOTE_MAX)])


class RejectClaimForm(FlaskForm):
    reason = StringField("Why reject it (the claimant sees this)", validators=[
        InputRequired(message="Write the reason the claimant will see."), Length(min=REASON_MIN, max=REASON_MAX)])


class ApproveClaimForm(FlaskForm):
    reason = StringField("Note (optional)", validators=[Optional(), Length(max=REASON_MAX)])
