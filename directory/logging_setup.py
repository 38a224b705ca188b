"""Request ids and structured logs: every record carries the id; one access line per request."""
import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, has_request_context, request
from flask.logging import default_handler

REQUEST_ID_HEADER = "X-Request-ID"
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")
ACCESS_FIELDS = ("method", "path", "status", "duration_ms")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
SECRET_VIEW_ARGS = ("token",)  # URL parts that are credentials (reset and verification links)


def incoming_request_id() -> str:
    """The caller's id when it is safe to echo and log (a proxy's or a client's), else a fresh one."""
    candidate = request.headers.get(REQUEST_ID_HEADER, "")
    return candidate if VALID_REQUEST_ID.fullmatch(candidate) else uuid.uuid4().hex


def current_request_id() -> str:
    return g.get("request_id", "-") if has_request_context() else "-"


class RequestIdFilter(logging.Filter):
    """Stamp each record with the id of the request it was logged in ("-" outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        entry.update({name: getattr(record, name) for name in ACCESS_FIELDS if hasattr(record, name)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes (test runners swap it; a stale one may be closed)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def make_handler(log_format: str) -> logging.Handler:
    handler = StderrHandler()
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(RequestIdFilter())
    handler.sukoon_handler = True  # so a second create_app in one process replaces it instead of adding another
    return handler


def configure_logger(app: Flask) -> None:
    """Our handler replaces Flask's default one on the app logger ("directory") and serves its children."""
    logger = app.logger
    for old in [handler for handler in logger.handlers if getattr(handler, "sukoon_handler", False)]:
        logger.removeHandler(old)
    logger.removeHandler(default_handler)
    logger.addHandler(make_handler(app.config["LOG_FORMAT"]))
    if not any(isinstance(existing, RequestIdFilter) for existing in logger.filters):
        logger.addFilter(RequestIdFilter())  # records logged on it directly reach other handlers (pytest's) stamped
    if logger.level == logging.NOTSET:  # else the root's WARNING would drop the access lines
        logger.setLevel(logging.DEBUG if app.debug else logging.INFO)


def start_request() -> None:
    g.request_id = incoming_request_id()
    g.request_started = time.perf_counter()


def loggable_path(path: str, view_args: dict | None) -> str:
    """The path without its query string, and with tokens that are part of the URL itself blanked out."""
    for name in SECRET_VIEW_ARGS:
        value = (view_args or {}).get(name)
        if value:
            path = path.replace(str(value), "[redacted]")
    return path


def finish_request(response: Response) -> Response:
    """Return the id to the caller and write the access line (no query string: it can carry tokens)."""
    request_id = g.get("request_id") or incoming_request_id()
    response.headers[REQUEST_ID_HEADER] = request_id
    duration_ms = round((time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000, 1)
    path = loggable_path(request.script_root + request.path, request.view_args)
    fields = {"method": request.method, "path": path, "status": response.status_code, "duration_ms": duration_ms}
    # repr() escapes newlines a crafted path could use to forge extra log lines
    access_logger().info("%s %s %s %.1fms", request.method, repr(path)[1:-1], response.status_code, duration_ms,
                         extra={**fields, "request_id": request_id})
    return response


def access_logger() -> logging.Logger:
    return logging.getLogger("directory.access")


def register(app: Flask) -> None:
    """Call before the extensions register theirs, so the id exists before a rate limit can refuse a request."""
    configure_logger(app)
    app.before_request(start_request)
    app.after_request(finish_request)
