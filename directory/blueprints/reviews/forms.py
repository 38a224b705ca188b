"""Forms for writing, flagging and replying to reviews; the services re-check every rule."""
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields import MonthField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ...models import SUB_RATINGS, Center, FlagReason
from ...services.reviews.reactions import FLAG_NOTE_MAX, REPLY_MAX
from ...services.reviews.rules import BODY_MAX, BODY_MIN, TITLE_MAX

STAR_LABELS = {5: "5 stars: excellent", 4: "4 stars: good", 3: "3 stars: average", 2: "2 stars: poor",
               1: "1 star: terrible"}


def optional_int(value) -> int | None:
    """Coerce a select's value: empty means not given."""
    return None if value in (None, "") else int(value)


def _stars_field(label: str, placeholder: str, required: bool = False) -> SelectField:
    validators = [InputRequired(message="Choose 1 to 5 stars.")] if required else [Optional()]
    choices = [SelectChoice("", placeholder), *(SelectChoice(stars, text) for stars, text in STAR_LABELS.items())]
    return SelectField(label, choices=choices, coerce=optional_int, validators=validators)


class ReviewForm(FlaskForm):
    """A review as its author edits it."""

    rating = _stars_field("Overall rating", "Choose a rating", required=True)
    skill = _stars_field(SUB_RATINGS["skill"], "Not rated")
    pressure = _stars_field(SUB_RATINGS["pressure"], "Not rated")
    cleanliness = _stars_field(SUB_RATINGS["cleanliness"], "Not rated")
    privacy = _stars_field(SUB_RATINGS["privacy"], "Not rated")
    value = _stars_field(SUB_RATINGS["value"], "Not rated")
    menu_item_id = SelectField("The treatment you had", coerce=optional_int, validators=[Optional()])
    # The service checks the therapist belongs to this center and says so; the form only offers the choices.
    therapist_id = SelectField("Who treated you?", coerce=optional_int, validators=[Optional()], validate_choice=False)
    visit_month = MonthField("Month of your visit", validators=[Optional()])
    title = StringField("Title", validators=[InputRequired(message="Give your review a title."),
                                             Length(max=TITLE_MAX)])
    # No maxlength attribute: a browser would silently cut a long paste; the counter and this message say it instead.
    body = TextAreaField("Your review", render_kw={"maxlength": False, "data-max": BODY_MAX}, validators=[
        InputRequired(message="Tell others about your visit."),
        Length(min=BODY_MIN, max=BODY_MAX, message=f"Reviews are {BODY_MIN} to {BODY_MAX:,} characters long: "
                                                   "shorten yours and post it again.")])

    def for_center(self, center: Center) -> "ReviewForm":
        """Offer the center's own menu as the treatment choices."""
        self.menu_item_id.choices = [SelectChoice("", "Prefer not to say")] + [
            SelectChoice(item.id, f"{item.name} · {item.duration_min} min") for item in center.menu]
        self.therapist_id.choices = [SelectChoice("", "Prefer not to say")] + [
            SelectChoice(therapist.id, therapist.name) for therapist in center.therapists]
        return self

    def review_data(self) -> dict:
        """What the service needs, by column name."""
        names = ["rating", *SUB_RATINGS, "menu_item_id", "therapist_id", "visit_month", "title", "body"]
        return {name: self[name].data for name in names}


class NewReviewForm(ReviewForm):
    visit_code = StringField("Visit code (optional)", validators=[Optional(), Length(max=20)],
                             description="If the center gave you a code like K7QP-92XM, your review shows "
                                         "\"Verified visit\".")


class FlagForm(FlaskForm):
    reason = SelectField("Why are you reporting this review?",
                         choices=[SelectChoice("", "Choose a reason"),
                                  *(SelectChoice(value, label) for value, label in FlagReason.choices())],
                         validators=[InputRequired(message="Choose a reason.")])
    note = TextAreaField("Anything moderators should know (optional)", validators=[Optional(),
                                                                                  Length(max=FLAG_NOTE_MAX)])


class ReplyForm(FlaskForm):
    body = TextAreaField("Your public reply", validators=[InputRequired(message="Write your reply."),
                                                          Length(max=REPLY_MAX)])
