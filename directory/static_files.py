"""Fingerprinted static URLs (`?v=<content hash>`) and cache headers: a year for those, minutes for the rest."""
import hashlib
import os
from functools import lru_cache

from flask import Flask, Response, current_app, request, url_for
from werkzeug.security import safe_join

LONG_CACHE = "public, max-age=31536000, immutable"  # the URL changes whenever the file does
SHORT_CACHE = "public, max-age=300"  # unversioned URLs (Leaflet's CSS images, old links) revalidate soon


@lru_cache(maxsize=512)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    """Hash a file once per process and version of it (mtime and size are in the key so edits show up)."""
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(65536), b""):
            sha.update(block)
    return sha.hexdigest()[:10]


def file_version(filename: str) -> str | None:
    """The first 10 hex digits of the SHA-256 of a static file, or None when there is no such file."""
    path = safe_join(current_app.static_folder or "", filename)
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _digest(path, stat.st_mtime_ns, stat.st_size)


def static_url(filename: str) -> str:
    """url_for('static', ...) with the file's content hash, so browsers may cache it for a year.

    One URL for both languages (no /ur/ prefix), so a file is downloaded and cached once."""
    from .i18n import without_language

    version = file_version(filename)
    if version is None:
        return without_language(url_for("static", filename=filename))
    return without_language(url_for("static", filename=filename, v=version))


def cache_static(response: Response) -> Response:
    """Immutable only when `v` names the current content; a stale or guessed `v` gets the short lifetime."""
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    filename = (request.view_args or {}).get("filename", "")
    version = request.args.get("v")
    fresh = version is not None and version == file_version(filename)
    response.headers["Cache-Control"] = LONG_CACHE if fresh else SHORT_CACHE
    return response


def register(app: Flask) -> None:
    app.add_template_global(static_url)
    app.after_request(cache_static)
