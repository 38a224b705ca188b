"""The search parameters, as one marshmallow schema: the API documents and parses with it, the HTML page too."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validate
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import MultiDict

from ...errors import first_error
from ...models import CenterKind, GenderPolicy
from ...models.center_index import AMENITY_BITS
from ...services.search import MAX_PAGE, SORTS, RatingKey, SearchError, SearchQuery
from ...text import N_, clean_text

NO_NUL = validate.Regexp(r"^[^\x00]*$", error=N_("Text cannot contain NUL characters."))  # documented as a pattern
SLUG = validate.Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", error=N_("A massage type slug has lowercase letters, digits and "
                                                              "hyphens, e.g. swedish or deep-tissue."))


class SearchArgsSchema(Schema):
    """Where, what, filters, sort and page of a center search."""

    class Meta:
        unknown = EXCLUDE

    near = fields.String(load_default="", validate=[validate.Length(max=200), NO_NUL],
                         metadata={"description": "A place to search around, e.g. 'Clifton, Karachi'. A place the "
                                                  "gazetteer cannot find answers 400 (`error.field` near)."})
    lat = fields.Float(validate=validate.Range(-90, 90),
                       metadata={"description": "Latitude of the origin; give lng too (else 400)."})
    lng = fields.Float(validate=validate.Range(-180, 180),
                       metadata={"description": "Longitude of the origin; give lat too (else 400)."})
    radius_km = fields.Float(load_default=10.0, validate=validate.Range(0, 100, min_inclusive=False),
                             metadata={"description": "Search radius in km, above 0 and up to 100.",
                                       "exclusiveMinimum": True})
    q = fields.String(load_default="", validate=[validate.Length(max=200), NO_NUL], metadata={
        "description": "Free text, read like one search box: a condition ('sciatica', 'kamar dard'), massage types, "
                       "a place ('near Clifton'), comfort words ('women only', 'female therapist', 'open now', "
                       "'under 5000'); the rest is matched in names, descriptions, areas and services."})
    service = fields.List(fields.String(validate=[validate.Length(max=60), SLUG]), load_default=list,
                          metadata={"description": "Massage type slug (see /services); repeat for several (any of "
                                                   "them). A slug of no massage type answers 400."})
    min_rating = fields.Float(validate=validate.Range(1, 5), metadata={"description": "Minimum average stars."})
    min_price = fields.Integer(validate=validate.Range(0, 1_000_000),
                               metadata={"description": "Minimum price per 60 minutes, PKR."})
    max_price = fields.Integer(validate=validate.Range(0, 1_000_000),
                               metadata={"description": "Maximum price per 60 minutes, PKR; not below min_price "
                                                        "(else 400)."})
    open_now = fields.Boolean(load_default=False, metadata={"description": "Only centers open right now."})
    verified = fields.Boolean(load_default=False,
                              metadata={"description": "Only centers with a currently verified therapist."})
    gender = fields.List(fields.String(validate=validate.OneOf([g.value for g in GenderPolicy])), load_default=list,
                         metadata={"description": "Gender policy; repeat for several (any of them)."})
    amenity = fields.List(
        fields.String(validate=validate.OneOf(AMENITY_BITS, error="Unknown amenity: {input}. Choose from {choices}.")),
        load_default=list, validate=validate.Length(max=len(AMENITY_BITS), error="Give at most {max} amenities."),
        metadata={"description": "Amenity a center must have; repeat for several (a center needs all of them): "
                                 + ", ".join(AMENITY_BITS) + "."})
    kind = fields.String(validate=validate.OneOf([k.value for k in CenterKind]), metadata={"description": "Kind."})
    sort = fields.String(validate=validate.OneOf(SORTS),
                         metadata={"description": "distance (default with an origin; without one 400), rating, "
                                                  "reviews or price."})
    page = fields.Integer(load_default=1, validate=validate.Range(
        1, MAX_PAGE, error=f"Results stop at page {MAX_PAGE}: narrow the search (a place, a massage type or a filter) "
                           "to see others."),
        metadata={"description": f"Page number, 1 to {MAX_PAGE}; narrow the search to reach other centers."})
    per_page = fields.Integer(load_default=20, validate=validate.Range(1, 100))
    cursor = fields.String(validate=validate.Length(max=500), metadata={
        "description": "Where the next page starts, as `next` gave it (the rating sort without a place reads on by "
                       "this cursor, past page 50; `page` is then ignored). A cursor this API did not give answers "
                       "400 (`error.field` cursor)."})

    @post_load
    def to_query(self, data: dict, **_kwargs) -> SearchQuery:
        if data.get("min_price") is not None and data.get("max_price") is not None \
                and data["min_price"] > data["max_price"]:
            raise ValidationError(N_("The minimum price is above the maximum."), "min_price")
        data["near"], data["q"] = clean_text(data["near"], 200), clean_text(data["q"], 200)
        data["services"] = data.pop("service")
        data["amenities"] = list(dict.fromkeys(data.pop("amenity")))
        if data.get("cursor"):
            data["after"], data["page"] = read_cursor(data["cursor"]), 1
        data.pop("cursor", None)
        return SearchQuery(**data)


def _cursors() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="search-cursor")


def make_cursor(key: RatingKey) -> str:
    """An opaque, signed cursor for a keyset position (clients cannot forge positions or feed us odd values)."""
    return _cursors().dumps(key.as_list())


def read_cursor(cursor: str) -> RatingKey:
    try:
        return RatingKey.from_list(_cursors().loads(cursor))
    except (BadSignature, ValueError) as error:
        raise ValidationError(str(_l("Not a cursor from this site: start the search again without it.")),
                              "cursor") from error


SCHEMA = SearchArgsSchema()  # stateless; building one per request costs more than the parsing


def parse_search_args(args: MultiDict) -> SearchQuery:
    """Parse a query string from an HTML form: empty fields count as not given. Raises SearchError."""
    present = MultiDict([(key, value) for key, value in args.items(multi=True) if value.strip()])
    try:
        return SCHEMA.load(MultiDictProxy(present, SCHEMA))
    except ValidationError as error:
        field, message = first_error(error.messages)
        raise SearchError(message, "query" if field == "_schema" else field) from error
