"""The API's error body as a marshmallow schema: what the error handlers send and the OpenAPI document shows."""
from marshmallow import Schema, fields


class ErrorBodySchema(Schema):
    status = fields.Integer(required=True, metadata={"description": "HTTP status code."})
    message = fields.String(required=True)
    field = fields.String(metadata={"description": "The parameter to fix, when one is at fault."})


class ErrorSchema(Schema):
    """Every 4xx and 5xx of the API: `{"error": {"status": ..., "message": ..., "field": ...}}`."""

    error = fields.Nested(ErrorBodySchema, required=True)
