"""Error pages: HTML for pages, JSON `{"error": {...}}` for the API; a 500 rolls back and shows an error id."""
import contextlib
import uuid
from typing import NoReturn

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import gettext
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import (
    BadRequest,
    HTTPException,
    InternalServerError,
    RequestEntityTooLarge,
    ServiceUnavailable,
)

from .extensions import db
from .text import N_

# The titles error pages show (Werkzeug's names), in the catalog so that error.html says them in the page's language.
ERROR_NAMES = (N_("Bad Request"), N_("Unauthorized"), N_("Forbidden"), N_("Not Found"), N_("Method Not Allowed"),
               N_("Request Entity Too Large"), N_("Unprocessable Entity"), N_("Too Many Requests"),
               N_("Service Unavailable"))


def wants_json() -> bool:
    return request.path.startswith("/api/")


def field_error(field: str, message: str, status: int = 400) -> NoReturn:
    """Stop with a 4xx (400 unless told) that names the parameter at fault."""
    error = BadRequest(description=message)
    error.code = status
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
    app.register_error_handler(OperationalError, database_unavailable)
    # First in the list, so it runs last: after Flask-Limiter's header injection (see keep_retry_after)
    app.after_request_funcs.setdefault(None, []).insert(0, keep_retry_after)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if wants_json():
            headers = [(key, value) for key, value in error.get_headers() if key.lower() != "content-type"]
            return jsonify(error=error_body(error)), error.code, headers
        template = "errors/404.html" if error.code == 404 else "errors/error.html"
        return render_template(template, error=error), error.code

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: RequestEntityTooLarge):
        """A body over MAX_CONTENT_LENGTH (usually an upload): say the limit instead of a bare 413."""
        limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
        error.description = gettext("What you sent is too large: the limit is %(num)s MB in one go. Choose a "
                                    "smaller photo or document and try again.", num=limit // (1024 * 1024))
        drain_body(DRAIN_FACTOR * limit)
        return http_error(error)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        db.session.rollback()
        error_id = g.get("request_id") or uuid.uuid4().hex  # the request id: one search finds every log line
        app.logger.error("error %s on %s %s", error_id, request.method, request.path,
                         exc_info=error.original_exception)
        message = N_("Something went wrong on our side. We have logged it.")
        if wants_json():
            return jsonify(error={"status": 500, "message": message, "id": error_id}), 500
        return render_template("errors/500.html", error_id=error_id, message=gettext(message)), 500


DRAIN_FACTOR = 3  # read and drop up to 3 x MAX_CONTENT_LENGTH of a refused body; beyond that, just hang up
DRAIN_CHUNK = 64 * 1024


def drain_body(cap: int) -> None:
    """Read the rest of a refused request body, so the browser finishes sending and shows the 413 page.

    Without this gunicorn closes the socket while the browser is still uploading, and the person sees "connection
    reset" instead of our message. Never reads past Content-Length, nor an unterminated stream of unknown length.
    """
    environ = request.environ
    stream = environ.get("wsgi.input")
    length = request.content_length
    if stream is None or (length is None and not environ.get("wsgi.input_terminated")):
        return
    remaining = min(length, cap) if length is not None else cap
    if length is not None and length > cap:
        return  # far too large: not worth holding a worker for it
    with contextlib.suppress(OSError, ValueError):
        while remaining > 0:
            chunk = stream.read(min(DRAIN_CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)


BUSY_MESSAGE = N_("Busy, try again in a few seconds.")
RETRY_AFTER_SECONDS = 5
# SQLite gave up waiting for another writer; PostgreSQL is restarting, unreachable or dropped the connection.
UNAVAILABLE_MARKERS = ("database is locked", "connection refused", "server closed the connection",
                       "terminating connection", "the database system is", "could not connect",
                       "the connection is closed")
PLAIN_BUSY_PAGE = ("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Busy</title>"
                   f"<h1>503: Service Unavailable</h1><p>{BUSY_MESSAGE}</p></html>")


def is_unavailable(error: OperationalError) -> bool:
    """True when the database is busy or out of reach for a moment (a retry helps), not when a query is wrong."""
    message = str(error.orig if error.orig is not None else error).lower()
    return error.connection_invalidated or any(marker in message for marker in UNAVAILABLE_MARKERS)


def database_unavailable(error: OperationalError):
    """503 with Retry-After for a busy or unreachable database; any other OperationalError stays a 500."""
    if not is_unavailable(error):
        raise error  # on to the 500 handler, with its error id and traceback in the log
    with contextlib.suppress(SQLAlchemyError):  # the connection may be gone: rolling back must not fail the answer
        db.session.rollback()
    reason = str(error.orig if error.orig is not None else error).strip().splitlines()[0][:200]
    current_app.logger.warning("database unavailable, answered 503 on %s %s: %s", request.method, request.path,
                               reason)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    g.database_unavailable = True
    if wants_json():
        return jsonify(error={"status": 503, "message": BUSY_MESSAGE}), 503, headers
    try:
        page = render_template("errors/error.html", error=ServiceUnavailable(gettext(BUSY_MESSAGE)))
    except SQLAlchemyError:  # the layout names the signed-in user, and loading them needs the database too
        with contextlib.suppress(SQLAlchemyError):
            db.session.rollback()
        page = PLAIN_BUSY_PAGE
    return page, 503, headers


def keep_retry_after(response):
    """A busy database means retry in seconds: undo Flask-Limiter raising Retry-After to its window's reset."""
    # With RATELIMIT_HEADERS_ENABLED Flask-Limiter sets Retry-After on every response of a limited route (an hour
    # for "20 per hour"), keeping the larger of that and ours.
    if response.status_code == 503 and g.get("database_unavailable"):
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
