"""Serving uploaded photos (full size and thumbnails): public for published listings, else managers and admins."""
from flask import Response, abort
from flask_login import current_user

from ...extensions import db
from ...models import Role
from ...services.access import manages
from ...services.listings.photos import AREA, find_photo, is_public, photo_path, thumb_path
from ...services.photo_sizes import sized_copy, sized_path
from ...services.uploads import valid_key
from ..uploads import upload_limits
from . import bp
from .files import file_response

PUBLIC_CACHE = "public, max-age=31536000, immutable"  # a photo's key never names other content
PRIVATE_CACHE = "private, no-store"  # the listing may be unpublished: do not keep copies


def may_see_hidden(center_id: int) -> bool:
    if not current_user.is_authenticated:
        return False
    return current_user.role == Role.ADMIN or manages(db.session, current_user, center_id)


def serve(key: str, thumbnail: bool = False, width: int | None = None) -> Response:
    found = find_photo(db.session, key) if valid_key(key) else None
    if found is None:
        abort(404)
    photo, center = found
    public = is_public(center)
    if not public and not may_see_hidden(center.id):
        abort(404)
    name = f"{center.slug}-{photo.id}{'-thumb' if thumbnail else ''}{f'-w{width}' if width else ''}.jpg"
    folder = upload_limits().folder
    path = thumb_path(folder, photo.file_key) if thumbnail else photo_path(folder, photo.file_key)
    if width is not None:  # a smaller copy for srcset, made on the first request and kept
        path = sized_copy(path, sized_path(folder, AREA, photo.file_key, width), width)
        if path is None:
            abort(404)
    return file_response(path, "image/jpeg", filename=name, attachment=False,
                         cache=PUBLIC_CACHE if public else PRIVATE_CACHE)


@bp.get("/photos/<key>.jpg")
def photo(key: str):
    return serve(key, thumbnail=False)


@bp.get("/thumbs/<key>.jpg")
def thumbnail(key: str):
    return serve(key, thumbnail=True)


@bp.get("/photos/w<int:width>/<key>.jpg")
def sized(width: int, key: str):
    return serve(key, width=width)
