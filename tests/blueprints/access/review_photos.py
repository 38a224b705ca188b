"""Access rows for review photos: only the author adds or removes them (not the center's managers, not admins, who
moderate instead); anyone signed in reports one; only admins remove a reported photo or keep it."""
import tempfile

from flask import current_app
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import ReviewPhoto, ReviewPhotoFlag

from ...images import form_file, image_bytes

PHOTO = image_bytes("JPEG", (40, 30))


class WithPhoto(dict):
    """Form data with a fresh photo stream on every post (the test client consumes and closes the stream)."""

    def items(self):
        return [*super().items(), ("photo", form_file(PHOTO))]


def _photo(world) -> ReviewPhoto | None:
    return db.session.get(ReviewPhoto, world.extra["review_photo_id"])


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def build(factories, world) -> None:
    current_app.config["UPLOAD_FOLDER"] = tempfile.mkdtemp(prefix="sukoon-access-review-photos-")
    photo = ReviewPhoto(review_id=world.review.id, file_key="access-table-review-photo", width=40, height=30)
    db.session.add(photo)
    db.session.flush()
    db.session.add(ReviewPhotoFlag(photo_id=photo.id, user_id=factories.user().id, reason="private"))
    db.session.commit()
    world.extra["review_photo_id"] = photo.id


AUTHOR_ONLY = ("login", 404, 404, 404, 404, 404)  # the author is none of these six: each is refused
ADMIN_ONLY = ("login", 403, 403, 403, 403, "done")
ROWS = {
    "reviews.photos": (lambda w: f"/reviews/{w.review.id}/photos", WithPhoto(),
                       lambda w: _count(ReviewPhoto, ReviewPhoto.review_id == w.review.id) > 1, AUTHOR_ONLY),
    "reviews.photo_delete": (lambda w: f"/reviews/{w.review.id}/photos/{w.extra['review_photo_id']}/delete", {},
                             lambda w: _photo(w) is None, AUTHOR_ONLY),
    "reviews.photo_flag": (lambda w: f"/review-photos/{w.extra['review_photo_id']}/report", {"reason": "offensive"},
                           lambda w: _count(ReviewPhotoFlag) > 1, ("login", "done", "done", "done", "done", "done")),
    "admin.remove_review_photo": (lambda w: f"/admin/review-photos/{w.extra['review_photo_id']}/remove",
                                  {"note": "A face"}, lambda w: _photo(w) is None, ADMIN_ONLY),
    "admin.keep_review_photo": (lambda w: f"/admin/review-photos/{w.extra['review_photo_id']}/keep", {"note": ""},
                                lambda w: _count(ReviewPhotoFlag, ReviewPhotoFlag.resolved_at.is_(None)) == 0,
                                ADMIN_ONLY),
}
