"""A center's photo gallery: upload (checked and re-encoded by uploads.py), caption, reorder, delete.

Files follow the transaction (see uploads.py): a new photo's files vanish if its row does not commit, and a deleted
photo's files are removed only after the delete commits. Every change is audited and bumps the listing version.
"""
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import Center, CenterPhoto, CenterStatus, User
from ...text import clean_text
from .. import audit
from ..locks import lock_center
from ..photo_sizes import sized_paths
from ..uploads import (
    UploadError,
    UploadLimits,
    delete_after_commit,
    keep_if_committed,
    new_key,
    read_image,
    stored_path,
    write_file,
)
from .versions import touch

AREA = "photos"
MAX_PHOTOS = 20
CAPTION_MAX = 200
MOVES = ("up", "down")


class PhotoError(UploadError):
    """A gallery rule (or the upload check) refused an action; shown under the photo field."""

    field = "photo"


def photo_path(folder: Path, key: str) -> Path:
    return stored_path(folder, AREA, f"{key}.jpg")


def thumb_path(folder: Path, key: str) -> Path:
    return stored_path(folder, AREA, f"{key}.thumb.jpg")


def center_photos(session: Session, center: Center) -> list[CenterPhoto]:
    return list(session.scalars(select(CenterPhoto).where(CenterPhoto.center_id == center.id)
                                .order_by(CenterPhoto.position, CenterPhoto.id)))


def get_center_photo(session: Session, center: Center, photo_id: int) -> CenterPhoto | None:
    """A photo of this center only: another center's photo id is as good as unknown."""
    return session.scalar(select(CenterPhoto).where(CenterPhoto.id == photo_id, CenterPhoto.center_id == center.id))


def add_photo(session: Session, center: Center, file_storage, caption: str | None, uploader: User,
              limits: UploadLimits) -> CenterPhoto:
    """Check, re-encode and store an uploaded photo at the end of the gallery; raises UploadError (or PhotoError)."""
    lock_center(session, center.id)
    count = session.scalar(select(func.count(CenterPhoto.id)).where(CenterPhoto.center_id == center.id))
    if count >= MAX_PHOTOS:
        raise PhotoError(_l("A listing can have up to %(max_photos)s photos. Delete one before adding another.",
                            max_photos=MAX_PHOTOS))
    try:
        image = read_image(file_storage, limits)
    except UploadError as error:
        raise PhotoError(error.message) from None
    key = new_key()
    written = []
    try:
        written.append(write_file(photo_path(limits.folder, key), image.data))
        written.append(write_file(thumb_path(limits.folder, key), image.thumb))
    finally:
        keep_if_committed(session, *written)
    last = session.scalar(select(func.max(CenterPhoto.position)).where(CenterPhoto.center_id == center.id))
    photo = CenterPhoto(center_id=center.id, file_key=key, width=image.width, height=image.height,
                        caption=clean_text(caption, CAPTION_MAX), position=(last + 1) if last is not None else 0,
                        uploaded_by_id=uploader.id)
    session.add(photo)
    touch(center)
    session.flush()
    audit.record(session, uploader, "photo.added", "center", center.id, f"photo {photo.id}")
    return photo


def update_photo(session: Session, center: Center, photo: CenterPhoto, actor: User, *,
                 caption: str | None = None, move: str | None = None) -> None:
    """Change the caption (None leaves it) and/or move the photo one place up or down the gallery."""
    if move and move not in MOVES:
        raise PhotoError(_l("Choose to move the photo up or down."))
    notes = []
    if caption is not None:
        photo.caption = clean_text(caption, CAPTION_MAX)
        notes.append("caption")
    if move:
        photos = center_photos(session, center)
        index = photos.index(photo)
        other = index - 1 if move == "up" else index + 1
        if 0 <= other < len(photos):
            photos[index], photos[other] = photos[other], photos[index]
            notes.append(f"moved {move}")
        for position, item in enumerate(photos):
            item.position = position
    touch(center)
    audit.record(session, actor, "photo.updated", "center", center.id,
                 f"photo {photo.id}: {', '.join(notes) or 'no change'}")
    session.flush()


def delete_photo(session: Session, center: Center, photo: CenterPhoto, actor: User, folder: Path) -> None:
    """Remove the photo's row now and its files (under the upload `folder`) once that commits."""
    delete_after_commit(session, photo_path(folder, photo.file_key), thumb_path(folder, photo.file_key),
                        *sized_paths(folder, AREA, photo.file_key))
    photo_id = photo.id
    session.delete(photo)
    session.flush()
    for position, item in enumerate(center_photos(session, center)):
        item.position = position
    touch(center)
    audit.record(session, actor, "photo.deleted", "center", center.id, f"photo {photo_id}")
    session.flush()


def find_photo(session: Session, key: str) -> tuple[CenterPhoto, Center] | None:
    """A photo by its file key, with its center (any status: the caller decides who may see it)."""
    row = session.execute(select(CenterPhoto, Center).join(Center, Center.id == CenterPhoto.center_id)
                          .where(CenterPhoto.file_key == key[:64])).first()
    return (row[0], row[1]) if row else None


def is_public(center: Center) -> bool:
    return center.status == CenterStatus.PUBLISHED
