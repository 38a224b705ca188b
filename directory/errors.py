"""Error pages: HTML for pages, JSON `{"error": {...}}` for the API; a 500 rolls back and shows an error id."""
import uuid
from typing import NoReturn

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError

from .extensions import db


def wants_json() -> bool:
    return request.path.startswith("/api/")


def field_error(field: str, message: str) -> NoReturn:
    """Stop with a 400 that names the parameter at fault."""
    error = BadRequest(description=message)
    error.field = field
    raise error


def first_error(messages: dict, parent: str = "query") -> tuple[str, str]:
    """The first (field, message) in marshmallow's nested error messages (locations and list indexes unwrapped)."""
    for key, value in messages.items():
        field = parent if isinstance(key, int) or key in ("query", "json", "form") else str(key)
        if isinstance(value, dict):
            return first_error(value, field)
        if isinstance(value, list) and value:
            inner = value[0]
            return (field, inner) if isinstance(inner, str) else first_error({field: inner}, field)
        return field, str(value)
    return parent, "Invalid input."


def error_body(error: HTTPException) -> dict:
    body = {"status": error.code, "message": error.description}
    field = getattr(error, "field", None)
    messages = (getattr(error, "data", None) or {}).get("messages")
    if messages:  # webargs/marshmallow validation of query parameters
        field, message = first_error(messages)
        body["message"] = message if field in ("_schema", "query") else f"{field}: {message}"
        field = "query" if field == "_schema" else field
    if field:
        body["field"] = field
    return body


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if wants_json():
            headers = [(key, value) for key, value in error.get_headers() if key.lower() != "content-type"]
            return jsonify(error=error_body(error)), error.code, headers
        template = "errors/404.html" if error.code == 404 else "errors/error.html"
        return render_template(template, error=error), error.code

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        db.session.rollback()
        error_id = uuid.uuid4().hex[:12]
        app.logger.error("error %s on %s %s", error_id, request.method, request.path,
                         exc_info=error.original_exception)
        message = "Something went wrong on our side. We have logged it."
        if wants_json():
            return jsonify(error={"status": 500, "message": message, "id": error_id}), 500
        return render_template("errors/500.html", error_id=error_id, message=message), 500
