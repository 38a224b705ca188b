"""Therapist search parameters, one marshmallow schema: the API documents and parses with it, the HTML page too."""
from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validate
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import MultiDict

from ...errors import first_error
from ...services.public_therapists import LANGUAGES
from ...services.therapist_search import GENDERS, TherapistQuery, TherapistSearchError
from ...text import clean_text
from ..search.args import NO_NUL, SLUG

MAX_PER_PAGE = 50


class TherapistArgsSchema(Schema):
    """Where and which therapists."""

    class Meta:
        unknown = EXCLUDE

    near = fields.String(load_default="", validate=[validate.Length(max=200), NO_NUL], metadata={
        "description": "A place, e.g. 'Clifton, Karachi': therapists of the nearest centers within `radius_km`, "
                       "nearest first. A place the gazetteer cannot find answers 400 (`error.field` near)."})
    lat = fields.Float(validate=validate.Range(-90, 90), metadata={"description": "Latitude; give lng too."})
    lng = fields.Float(validate=validate.Range(-180, 180), metadata={"description": "Longitude; give lat too."})
    radius_km = fields.Float(load_default=10.0, validate=validate.Range(0, 100, min_inclusive=False),
                             metadata={"description": "Radius in km, above 0 and up to 100.",
                                       "exclusiveMinimum": True})
    service = fields.String(validate=[validate.Length(max=60), SLUG], metadata={
        "description": "A massage type slug (see /services) the therapist lists; an unknown one answers 400."})
    condition = fields.String(validate=[validate.Length(max=60), SLUG], metadata={
        "description": "A condition slug (see /conditions) the therapist lists as a focus; unknown answers 400."})
    gender = fields.String(validate=validate.OneOf(GENDERS), metadata={"description": "female or male."})
    language = fields.String(validate=validate.OneOf(LANGUAGES), metadata={
        "description": "A language they speak: " + ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())})
    page = fields.Integer(load_default=1, validate=validate.Range(1, 1_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(1, MAX_PER_PAGE))

    @post_load
    def to_query(self, data: dict, **_kwargs) -> TherapistQuery:
        data["near"] = clean_text(data["near"], 200)
        return TherapistQuery(**data)  # what was not given keeps the dataclass default



SCHEMA = TherapistArgsSchema()


def parse_therapist_args(args: MultiDict) -> TherapistQuery:
    """Parse a query string from the HTML form: empty fields count as not given. Raises TherapistSearchError."""
    present = MultiDict([(key, value) for key, value in args.items(multi=True) if value.strip()])
    try:
        return SCHEMA.load(MultiDictProxy(present, SCHEMA))
    except ValidationError as error:
        field, message = first_error(error.messages)
        raise TherapistSearchError(message, "query" if field == "_schema" else field) from error
