"""Forms for review photos: adding one, and reporting one to moderators."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ...models import FlagReason
from ...services.reviews.reactions import FLAG_NOTE_MAX

ACCEPT = "image/jpeg,image/png,image/webp"


class ReviewPhotoForm(FlaskForm):
    photo = FileField(_l("Photo"), validators=[FileRequired(message=_l("Choose a photo to upload."))],
                      render_kw={"accept": ACCEPT})


class PhotoFlagForm(FlaskForm):
    reason = SelectField(_l("Why are you reporting this photo?"),
                         choices=[SelectChoice("", _l("Choose a reason")),
                                  *(SelectChoice(value, _l(label)) for value, label in FlagReason.choices())],
                         validators=[InputRequired(message=_l("Choose a reason."))])
    note = TextAreaField(_l("Anything moderators should know (optional)"), validators=[
        Optional(), Length(max=FLAG_NOTE_MAX, message=_l("Keep the note to %(number)s characters.",
                                                         number=FLAG_NOTE_MAX))])
