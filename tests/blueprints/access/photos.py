"""Access rows for a center's photos: upload, caption/move, delete (managers of the center and admins only)."""
import tempfile

from flask import current_app
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import CenterPhoto

from ...images import form_file, image_bytes

PHOTO = image_bytes("JPEG", (40, 30))


class WithPhoto(dict):
    """Form data with a fresh photo stream on every post (the test client consumes and closes the stream)."""

    def items(self):
        return [*super().items(), ("photo", form_file(PHOTO))]


def _photo(world) -> CenterPhoto | None:
    return db.session.get(CenterPhoto, world.extra["photo_id"])


def _uploaded(world) -> bool:
    return db.session.scalar(select(func.count(CenterPhoto.id)).where(CenterPhoto.center_id == world.center.id)) > 1


def build(factories, world) -> None:
    current_app.config["UPLOAD_FOLDER"] = tempfile.mkdtemp(prefix="sukoon-access-uploads-")
    photo = CenterPhoto(center_id=world.center.id, file_key="access-table-photo-key", width=40, height=30,
                        caption="Reception", position=0)
    db.session.add(photo)
    db.session.commit()
    world.extra["photo_id"] = photo.id


ALL = ("login", 404, 404, "done", 404, "done")
ROWS = {
    "manage.photos": (lambda w: f"/manage/centers/{w.center.slug}/photos", WithPhoto(caption="New room"),
                      _uploaded, ALL),
    "manage.photo_update": (lambda w: f"/manage/centers/{w.center.slug}/photos/{w.extra['photo_id']}/update",
                            {"caption": "Renamed lobby"},
                            lambda w: _photo(w) is not None and _photo(w).caption == "Renamed lobby", ALL),
    "manage.photo_delete": (lambda w: f"/manage/centers/{w.center.slug}/photos/{w.extra['photo_id']}/delete", {},
                            lambda w: _photo(w) is None, ALL),
}
