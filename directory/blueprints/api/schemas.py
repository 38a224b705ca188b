"""Response shapes of the public API (v1); the OpenAPI document is generated from these."""
from datetime import UTC, datetime

from marshmallow import Schema, fields, validate

from ...api_errors import ErrorBodySchema, ErrorSchema  # noqa: F401  (the API's documented error body)


class UtcDateTime(fields.DateTime):
    """A timestamp with its offset (RFC 3339 `date-time`): stored times are naive UTC, so they get +00:00."""

    def _serialize(self, value: datetime | None, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class OriginSchema(Schema):
    lat = fields.Float(required=True)
    lng = fields.Float(required=True)
    label = fields.String(required=True)


class CenterSummarySchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    area = fields.String(required=True)
    city = fields.String(required=True)
    lat = fields.Float(required=True)
    lng = fields.Float(required=True)
    distance_km = fields.Float(allow_none=True, required=True, metadata={"description": "Null without an origin."})
    rating = fields.Float(allow_none=True, required=True, metadata={"description": "Null without reviews."})
    review_count = fields.Integer(required=True)
    services = fields.List(fields.String(), required=True, metadata={"description": "Massage type slugs."})
    badges = fields.List(fields.String(), required=True)
    gender_policy = fields.String(required=True)
    price_from = fields.Integer(allow_none=True, metadata={"description": (
        "Lowest price per 60 minutes, PKR, among the chosen massage types and within min_price-max_price when given.")})
    url = fields.String(required=True)


class InterpretedPlaceSchema(Schema):
    name = fields.String(required=True, metadata={"description": "e.g. 'Clifton, Karachi'."})
    lat = fields.Float(required=True)
    lng = fields.Float(required=True)


class InterpretationSchema(Schema):
    condition = fields.String(allow_none=True, required=True,
                              metadata={"description": "Condition slug (see /conditions) the words named, or null."})
    services = fields.List(fields.String(), required=True, metadata={
        "description": "Massage type slugs searched for: those named, else the condition's suited types (any of)."})
    place = fields.Nested(InterpretedPlaceSchema, allow_none=True, required=True,
                          metadata={"description": "The place the words named (offline gazetteer), or null."})
    near_me = fields.Boolean(required=True, metadata={
        "description": "The words asked for places near the visitor ('near me', 'mere qareeb'); send lat/lng."})
    filters = fields.Dict(keys=fields.String(), required=True, metadata={
        "description": "Filters read from the words and applied, by parameter name: gender and amenity are lists, "
                       "open_now and verified true, max_price PKR, sort a sort name. "
                       "E.g. {\"amenity\": [\"female_therapists\"], \"gender\": [\"women_only\"]}."})
    text = fields.String(required=True, metadata={"description": "Words left for full-text search; may be empty."})
    unknown_place = fields.String(allow_none=True, required=True,
                                  metadata={"description": "Words taken as a place that matched nothing, or null."})
    suggestions = fields.List(fields.String(), required=True,
                              metadata={"description": "Known place names spelled like unknown_place."})


class CenterListSchema(Schema):
    items = fields.List(fields.Nested(CenterSummarySchema), required=True)
    total = fields.Integer(required=True, metadata={
        "description": "Matches, counted up to 200; where few centers match the filters, counted among the first "
                       "2,000 centers read (near a place, of its circle), and never less than the items up to this "
                       "page."})
    total_capped = fields.Boolean(required=True, metadata={
        "description": "True when there are more than `total` (over 200, or more beyond those read)."})
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    origin = fields.Nested(OriginSchema, allow_none=True, required=True)
    next = fields.String(allow_none=True, required=True, metadata={
        "description": "URL of the next page, null on the last. The rating sort without a place continues by a "
                       "keyset `cursor` (any depth, each page as fast as the first); other sorts by `page`, up to "
                       "page 50."})
    interpretation = fields.Nested(InterpretationSchema, required=True, metadata={
        "description": "How `q` was read; empty (nulls, empty lists and text) without `q`."})


class MenuItemSchema(Schema):
    slug = fields.String(required=True, metadata={"description": "The massage type."})
    name = fields.String(required=True)
    duration_min = fields.Integer(required=True)
    price_pkr = fields.Integer(required=True)
    price_per_60_min = fields.Integer(required=True)


class HoursSchema(Schema):
    day = fields.String(required=True)
    spans = fields.List(fields.String(), required=True, metadata={"description": "Empty when closed."})


class CredentialSchema(Schema):
    kind = fields.String(required=True)
    issuer = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "pending, verified or expired, as of today."})
    valid_until = fields.Date(allow_none=True)
    badge = fields.String(required=True)


class TherapistSchema(Schema):
    url = fields.String(required=True, metadata={"description": "The therapist's page."})
    name = fields.String(required=True)
    gender = fields.String(required=True)
    years_practice = fields.Integer(required=True)
    specialties = fields.List(fields.String(), required=True)
    credentials = fields.List(fields.Nested(CredentialSchema), required=True)


class RatingSchema(Schema):
    average = fields.Float(allow_none=True, required=True)
    count = fields.Integer(required=True)
    histogram = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class CenterDetailSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    description = fields.String(required=True)
    address = fields.String(required=True)
    area = fields.String(required=True)
    city = fields.String(required=True)
    lat = fields.Float(required=True)
    lng = fields.Float(required=True)
    phone = fields.String(allow_none=True)
    whatsapp = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    gender_policy = fields.String(required=True)
    amenities = fields.List(fields.String(), required=True)
    open_now = fields.String(required=True, metadata={"description": "e.g. 'Open now · closes at 23:00'."})
    services = fields.List(fields.Nested(MenuItemSchema), required=True)
    hours = fields.List(fields.Nested(HoursSchema), required=True)
    therapists = fields.List(fields.Nested(TherapistSchema), required=True)
    rating = fields.Nested(RatingSchema, required=True)
    badges = fields.List(fields.String(), required=True)
    confirmed_at = UtcDateTime(allow_none=True)
    url = fields.String(required=True)
    accepts_booking_requests = fields.Boolean(required=True, metadata={
        "description": "Whether the center takes booking requests on Sukoon (booking data itself is private)."})
    booking_request_url = fields.String(allow_none=True, required=True, metadata={
        "description": "The page where a customer requests a booking; null when the center takes none."})


class ReplySchema(Schema):
    text = fields.String(required=True)
    created_at = UtcDateTime(required=True)


class ReviewSchema(Schema):
    id = fields.Integer(required=True)
    rating = fields.Integer(required=True)
    title = fields.String(required=True)
    text = fields.String(required=True)
    author = fields.String(required=True)
    created_at = UtcDateTime(required=True)
    verified_visit = fields.Boolean(required=True, metadata={"description": "Posted with a one-time visit code."})
    edited = fields.Boolean(required=True)
    helpful_count = fields.Integer(required=True)
    reply = fields.Nested(ReplySchema, allow_none=True, required=True,
                          metadata={"description": "The center's public reply, or null."})


class ReviewListSchema(Schema):
    items = fields.List(fields.Nested(ReviewSchema), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


class PageArgsSchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(1, 10_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(1, 100))


class ServiceSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    summary = fields.String(required=True)
    pressure = fields.String(required=True)
    best_for = fields.List(fields.String(), required=True)
    cautions = fields.List(fields.String(), required=True)


class ServiceListSchema(Schema):
    items = fields.List(fields.Nested(ServiceSchema), required=True)


class PlaceArgsSchema(Schema):
    q = fields.String(required=True, validate=[validate.Length(1, 100), validate.Regexp(r"^[^\x00]*$")],
                      metadata={"description": "What was typed."})
    limit = fields.Integer(load_default=8, validate=validate.Range(1, 20))


class PlaceSchema(Schema):
    label = fields.String(required=True)
    lat = fields.Float(required=True)
    lng = fields.Float(required=True)
    kind = fields.String(required=True)


class PlaceListSchema(Schema):
    items = fields.List(fields.Nested(PlaceSchema), required=True)
