"""GET /api/v1/conditions: the conditions catalog with synonyms, ranked massage types and red flags."""
from flask import url_for
from marshmallow import Schema, fields

from ...extensions import db
from ...models import Condition
from ...services.conditions import all_conditions
from . import bp


class SynonymsSchema(Schema):
    en = fields.List(fields.String(), required=True, metadata={"description": "English, with common misspellings."})
    roman_ur = fields.List(fields.String(), required=True, metadata={"description": "Urdu in Latin letters."})
    ur = fields.List(fields.String(), required=True, metadata={"description": "Urdu script."})


class SuitedServiceSchema(Schema):
    slug = fields.String(required=True, metadata={"description": "The massage type (see /services)."})
    name = fields.String(required=True)
    rank = fields.Integer(required=True, metadata={"description": "1 is the type most often chosen."})
    why = fields.String(required=True, metadata={"description": "One line: why people choose it for this."})


class ConditionSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    name_ur = fields.String(required=True, metadata={"description": "The name in Urdu script."})
    summary = fields.String(required=True)
    synonyms = fields.Nested(SynonymsSchema, required=True)
    services = fields.List(fields.Nested(SuitedServiceSchema), required=True,
                           metadata={"description": "Suited massage types, best first."})
    red_flags = fields.List(fields.String(), required=True,
                            metadata={"description": "Signs that mean: see a doctor before any massage."})
    url = fields.String(required=True, metadata={"description": "The condition's guide page."})


class ConditionListSchema(Schema):
    items = fields.List(fields.Nested(ConditionSchema), required=True)


@bp.get("/conditions")
@bp.response(200, ConditionListSchema)
def conditions():
    """The conditions catalog (back pain, sciatica...): synonyms, suited massage types ranked, red flags."""
    return {"items": [condition_item(condition) for condition in all_conditions(db.session)]}


def condition_item(condition: Condition) -> dict:
    synonyms = condition.synonyms or {}
    return {
        "slug": condition.slug, "name": condition.name, "name_ur": condition.name_ur, "summary": condition.summary,
        "synonyms": {lang: list(synonyms.get(lang, [])) for lang in ("en", "roman_ur", "ur")},
        "services": [{"slug": item.service.slug, "name": item.service.name, "rank": item.rank, "why": item.why}
                     for item in condition.services],
        "red_flags": list(condition.red_flags),
        "url": url_for("guide.condition", slug=condition.slug, _external=True),
    }
