"""Serving uploaded photos (full size and thumbnails): public for published listings, else managers and admins."""
from pathlib import Path

from flask import Blueprint, Response, abort, send_file
from flask_login import current_user

from ...extensions import db
from ...models import Role
from ...services.access import manages
from ...services.photos import find_photo, is_public, photo_path, thumb_path
from ...services.uploads import valid_key

bp = Blueprint("media", __name__)

PUBLIC_CACHE = "public, max-age=31536000, immutable"  # a photo's key never names other content
PRIVATE_CACHE = "private, no-store"  # the listing may be unpublished: do not keep copies
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


def may_see_hidden(center_id: int) -> bool:
    if not current_user.is_authenticated:
        return False
    return current_user.role == Role.ADMIN or manages(db.session, current_user, center_id)


def serve(key: str, thumbnail: bool) -> Response:
    found = find_photo(db.session, key) if valid_key(key) else None
    if found is None:
        abort(404)
    photo, center = found
    public = is_public(center)
    if not public and not may_see_hidden(center.id):
        abort(404)
    name = f"{center.slug}-{photo.id}{'-thumb' if thumbnail else ''}.jpg"
    path = thumb_path(photo.file_key) if thumbnail else photo_path(photo.file_key)
    return file_response(path, "image/jpeg", filename=name, attachment=False,
                         cache=PUBLIC_CACHE if public else PRIVATE_CACHE)


@bp.get("/photos/<key>.jpg")
def photo(key: str):
    return serve(key, thumbnail=False)


@bp.get("/thumbs/<key>.jpg")
def thumbnail(key: str):
    return serve(key, thumbnail=True)
