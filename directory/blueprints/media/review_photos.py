"""Serving review photos: public with a published review on a published listing; else its author and admins."""
from flask import Response, abort
from flask_login import current_user

from ...extensions import db
from ...services.photo_sizes import sized_copy, sized_path
from ...services.reviews.photos import AREA, find_photo, is_public, may_see, photo_path
from ...services.uploads import valid_key
from ..uploads import upload_limits
from . import bp
from .files import file_response
from .photos import PRIVATE_CACHE

PUBLIC_CACHE = "public, max-age=3600"  # short: a moderator may hide the review or remove the photo


def serve(key: str, width: int | None = None) -> Response:
    found = find_photo(db.session, key) if valid_key(key) else None
    if found is None:
        abort(404)
    photo, review, center = found
    if not may_see(current_user if current_user.is_authenticated else None, review, center):
        abort(404)
    folder = upload_limits().folder
    path = photo_path(folder, photo.file_key)
    if width is not None:
        path = sized_copy(path, sized_path(folder, AREA, photo.file_key, width), width)
        if path is None:
            abort(404)
    return file_response(path, "image/jpeg", filename=f"review-{review.id}-{photo.id}.jpg", attachment=False,
                         cache=PUBLIC_CACHE if is_public(review, center) else PRIVATE_CACHE)


@bp.get("/review-photos/<key>.jpg")
def review_photo(key: str):
    return serve(key)


@bp.get("/review-photos/w<int:width>/<key>.jpg")
def review_photo_sized(width: int, key: str):
    return serve(key, width)
