"""Forms for writing, flagging and replying to reviews; the services re-check every rule."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields import MonthField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ...models import SUB_RATINGS, Center, FlagReason
from ...services.reviews.reactions import FLAG_NOTE_MAX, REPLY_MAX
from ...services.reviews.rules import BODY_MAX, BODY_MIN, TITLE_MAX

STAR_LABELS = {5: _l("5 stars: excellent"), 4: _l("4 stars: good"), 3: _l("3 stars: average"), 2: _l("2 stars: poor"),
               1: _l("1 star: terrible")}


def optional_int(value) -> int | None:
    """Coerce a select's value: empty means not given."""
    return None if value in (None, "") else int(value)


def _stars_field(label: str, placeholder: str, required: bool = False) -> SelectField:
    validators = [InputRequired(message=_l("Choose 1 to 5 stars."))] if required else [Optional()]
    choices = [SelectChoice("", placeholder), *(SelectChoice(stars, text) for stars, text in STAR_LABELS.items())]
    return SelectField(label, choices=choices, coerce=optional_int, validators=validators)


class ReviewForm(FlaskForm):
    """A review as its author edits it."""

    rating = _stars_field(_l("Overall rating"), _l("Choose a rating"), required=True)
    skill = _stars_field(_l(SUB_RATINGS["skill"]), _l("Not rated"))
    pressure = _stars_field(_l(SUB_RATINGS["pressure"]), _l("Not rated"))
    cleanliness = _stars_field(_l(SUB_RATINGS["cleanliness"]), _l("Not rated"))
    privacy = _stars_field(_l(SUB_RATINGS["privacy"]), _l("Not rated"))
    value = _stars_field(_l(SUB_RATINGS["value"]), _l("Not rated"))
    menu_item_id = SelectField(_l("The treatment you had"), coerce=optional_int, validators=[Optional()])
    # The service checks the therapist belongs to this center and says so; the form only offers the choices.
    therapist_id = SelectField(_l("Who treated you?"), coerce=optional_int, validators=[Optional()],
                               validate_choice=False)
    visit_month = MonthField(_l("Month of your visit"), validators=[Optional()])
    title = StringField(_l("Title"), validators=[InputRequired(message=_l("Give your review a title.")),
                                             Length(max=TITLE_MAX)])
    # No maxlength attribute: a browser would silently cut a long paste; the counter and this message say it instead.
    body = TextAreaField(_l("Your review"), render_kw={"maxlength": False, "data-max": BODY_MAX}, validators=[
        InputRequired(message=_l("Tell others about your visit.")),
        Length(min=BODY_MIN, max=BODY_MAX, message=_l("Reviews are %(min)s to %(max)s characters long: shorten yours "
                                                      "and post it again.", min=BODY_MIN, max=f"{BODY_MAX:,}"))])

    def for_center(self, center: Center) -> "ReviewForm":
        """Offer the center's own menu as the treatment choices."""
        self.menu_item_id.choices = [SelectChoice("", _l("Prefer not to say"))] + [
            SelectChoice(item.id, _l("%(treatment)s · %(num)s min", treatment=item.name, num=item.duration_min))
            for item in center.menu]
        self.therapist_id.choices = [SelectChoice("", _l("Prefer not to say"))] + [
            SelectChoice(therapist.id, therapist.name) for therapist in center.therapists]
        return self

    def review_data(self) -> dict:
        """What the service needs, by column name."""
        names = ["rating", *SUB_RATINGS, "menu_item_id", "therapist_id", "visit_month", "title", "body"]
        return {name: self[name].data for name in names}


class NewReviewForm(ReviewForm):
    visit_code = StringField(_l("Visit code (optional)"), validators=[Optional(), Length(max=20)],
                             description=_l("If the center gave you a code like K7QP-92XM, your review shows "
                                            "\"Verified visit\"."))


class FlagForm(FlaskForm):
    reason = SelectField(_l("Why are you reporting this review?"),
                         choices=[SelectChoice("", _l("Choose a reason")),
                                  *(SelectChoice(value, _l(label)) for value, label in FlagReason.choices())],
                         validators=[InputRequired(message=_l("Choose a reason."))])
    note = TextAreaField(_l("Anything moderators should know (optional)"), validators=[Optional(),
                                                                                  Length(max=FLAG_NOTE_MAX)])


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your public reply"), validators=[InputRequired(message=_l("Write your reply.")),
                                                          Length(max=REPLY_MAX)])
