"""GET /api/v1/therapists: therapists of published centers by place, massage type, condition, gender, language."""
from flask import url_for
from marshmallow import Schema, fields

from ...extensions import db
from ...services.therapist_search import TherapistQuery, TherapistSearchError, search_therapists
from ..common import app_geocode
from ..therapists import therapist_url
from ..therapists.args import TherapistArgsSchema
from ..transactions import api_refusal
from . import bp


class TherapistCenterSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    url = fields.String(required=True, metadata={"description": "The center's page."})


class TherapistItemSchema(Schema):
    url = fields.String(required=True, metadata={"description": "The therapist's page."})
    name = fields.String(required=True, metadata={"description": "As the center publishes it."})
    gender = fields.String(required=True, metadata={"description": "female, male or unspecified."})
    years_practice = fields.Integer(required=True)
    languages = fields.List(fields.String(), required=True, metadata={"description": "Language codes, e.g. ur."})
    services = fields.List(fields.String(), required=True, metadata={"description": "Massage type slugs."})
    conditions = fields.List(fields.String(), required=True, metadata={"description": "Focus condition slugs."})
    center = fields.Nested(TherapistCenterSchema, required=True)
    distance_km = fields.Float(allow_none=True, required=True,
                               metadata={"description": "From the place asked about; null without one."})


class TherapistListSchema(Schema):
    items = fields.List(fields.Nested(TherapistItemSchema), required=True)
    total = fields.Integer(required=True, metadata={"description": "Matches, counted up to a cap."})
    total_capped = fields.Boolean(required=True, metadata={"description": "True when there are more."})
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


@bp.get("/therapists")
@bp.arguments(TherapistArgsSchema(), location="query", error_status_code=400)
@bp.alt_response(200, schema=TherapistListSchema, success=True, description="One page of matching therapists.")
@bp.alt_response(400, schema="Error", description="Bad input: `error.message` says what, `error.field` where.")
def therapists(query: TherapistQuery):
    """Find therapists of published centers near a place, by massage type, focus condition, gender and language."""
    try:
        result = search_therapists(db.session, query, geocode=app_geocode)
    except TherapistSearchError as error:
        api_refusal(error)
    return {"items": [therapist_item(hit.therapist, hit.distance_km) for hit in result.hits],
            "total": result.total, "total_capped": result.capped, "page": result.page,
            "per_page": result.per_page}


def therapist_item(therapist, distance_km: float | None) -> dict:
    center = therapist.center
    return {"url": therapist_url(therapist, _external=True), "name": therapist.name, "gender": therapist.gender,
            "years_practice": therapist.years_practice, "languages": list(therapist.languages or []),
            "services": [service.slug for service in therapist.specialties],
            "conditions": [condition.slug for condition in therapist.conditions],
            "center": {"slug": center.slug, "name": center.name,
                       "url": url_for("centers.show", slug=center.slug, _external=True)},
            "distance_km": distance_km}


