"""Sending a stored upload (photo or evidence document) so that a browser can never run or sniff it."""
from pathlib import Path

from flask import Response, abort, send_file

SANDBOX = "default-src 'none'; sandbox"


def file_response(path: Path, mimetype: str, *, filename: str, attachment: bool, cache: str) -> Response:
    """A stored file with headers that stop browsers from sniffing it or running anything in it."""
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=mimetype, as_attachment=attachment, download_name=filename,
                         conditional=True, etag=True, max_age=None)
    response.headers["Cache-Control"] = cache
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SANDBOX
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
