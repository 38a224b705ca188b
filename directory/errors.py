"""Error pages: HTML for pages, JSON `{"error": {...}}` for the API; a 500 rolls back and shows an error id."""
import uuid

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db


def wants_json() -> bool:
    return request.path.startswith("/api/")


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if wants_json():
            return jsonify(error={"status": error.code, "message": error.description}), error.code
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
