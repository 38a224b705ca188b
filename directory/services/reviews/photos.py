"""Photos in reviews: the author adds up to four (through the upload checks) and removes them; anyone signed in may
report one; moderators remove a reported photo or dismiss the reports. A review's photos go when it is deleted.

Files follow the transaction (uploads.py): new files vanish if the row does not commit, removed files go once the
removal commits. Who may *see* a photo is `may_see` (the media route asks it).
"""
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...models import Center, CenterStatus, FlagReason, Review, ReviewPhoto, ReviewPhotoFlag, ReviewStatus, User
from ...models.base import utcnow
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
from .authoring import delete_review
from .reactions import FLAG_NOTE_MAX
from .rules import ReviewError

AREA = "review-photos"
MAX_PER_REVIEW = 4
OPEN_TO_PHOTOS = (ReviewStatus.PUBLISHED, ReviewStatus.HELD)


class ReviewPhotoError(UploadError):
    """A review photo rule (or the upload check) refused; shown under the photo field."""

    field = "photo"


def photo_path(folder: Path, key: str) -> Path:
    return stored_path(folder, AREA, f"{key}.jpg")


def photo_files(folder: Path, photo: ReviewPhoto) -> list[Path]:
    return [photo_path(folder, photo.file_key), *sized_paths(folder, AREA, photo.file_key)]


def add_photo(session: Session, author: User, review: Review, file_storage, limits: UploadLimits) -> ReviewPhoto:
    """Check, re-encode and store one photo at the end of the author's review; at most MAX_PER_REVIEW."""
    if review.author_id != author.id:
        raise ReviewPhotoError(_l("Only the author of a review can add photos to it."))
    lock_center(session, review.center_id)  # two uploads at once cannot both take the fourth place
    session.refresh(review, ["status"])
    if review.status not in OPEN_TO_PHOTOS:
        raise ReviewPhotoError(_l("Photos can only be added to a published review or one waiting for a moderator."))
    count = session.scalar(select(func.count(ReviewPhoto.id)).where(ReviewPhoto.review_id == review.id))
    if count >= MAX_PER_REVIEW:
        raise ReviewPhotoError(_l("A review can have up to %(number)s photos. Remove one before adding another.",
                                  number=MAX_PER_REVIEW))
    try:
        image = read_image(file_storage, limits)
    except UploadError as error:
        raise ReviewPhotoError(error.message) from None
    key = new_key()
    written = []
    try:
        written.append(write_file(photo_path(limits.folder, key), image.data))
    finally:
        keep_if_committed(session, *written)
    last = session.scalar(select(func.max(ReviewPhoto.position)).where(ReviewPhoto.review_id == review.id))
    photo = ReviewPhoto(review_id=review.id, file_key=key, width=image.width, height=image.height,
                        position=(last + 1) if last is not None else 0)
    session.add(photo)
    session.flush()
    return photo


def _drop(session: Session, photo: ReviewPhoto, folder: Path) -> None:
    delete_after_commit(session, *photo_files(folder, photo))
    session.delete(photo)
    session.flush()


def delete_photo(session: Session, author: User, photo: ReviewPhoto, folder: Path) -> None:
    """The author removes one of their review's photos (nobody else may: managers flag, moderators remove)."""
    if photo.review.author_id != author.id:
        raise ReviewPhotoError(_l("Only the author of a review can remove its photos."))
    _drop(session, photo, folder)


def delete_review_with_photos(session: Session, author: User, review: Review, folder: Path) -> None:
    """Delete the author's review (soft, as authoring.delete_review) and its photos for good."""
    delete_review(session, author, review)
    for photo in list(review.photos):
        _drop(session, photo, folder)


def flag_photo(session: Session, user: User, photo: ReviewPhoto, reason: str, note: str = "") -> ReviewPhotoFlag:
    """Ask moderators to look at one photo of a published review (once per member and photo)."""
    if reason not in {member.value for member in FlagReason}:
        raise ReviewError(_l("Choose why you are reporting this photo."), "reason")
    note = clean_text(note, 10_000)
    if len(note) > FLAG_NOTE_MAX:
        raise ReviewError(_l("Keep the note to %(number)s characters.", number=FLAG_NOTE_MAX), "note")
    if photo.review.author_id == user.id:
        raise ReviewError(_l("You cannot report your own photo. You can remove it."))
    if has_flagged(session, user, photo.id):
        raise ReviewError(ALREADY_FLAGGED)
    flag = ReviewPhotoFlag(photo_id=photo.id, user_id=user.id, reason=reason, note=note)
    session.add(flag)
    try:
        session.flush()
    except IntegrityError:  # the same member twice at once; the caller rolls back
        raise ReviewError(ALREADY_FLAGGED) from None
    return flag


ALREADY_FLAGGED = _l("You have already reported this photo; a moderator will look at it.")


def has_flagged(session: Session, user: User, photo_id: int) -> bool:
    return session.scalar(select(ReviewPhotoFlag.id).where(ReviewPhotoFlag.photo_id == photo_id,
                                                           ReviewPhotoFlag.user_id == user.id)) is not None


def remove_flagged(session: Session, admin: User, photo: ReviewPhoto, note: str, folder: Path) -> None:
    """A moderator removes a photo (its reports go with it), recorded in the audit log."""
    audit.record(session, admin, "review_photo.removed", "review", photo.review_id,
                 f"photo {photo.id}: {note}".strip(": "))
    _drop(session, photo, folder)


def dismiss_flags(session: Session, admin: User, photo: ReviewPhoto, note: str = "") -> None:
    """A moderator keeps the photo: its open reports are resolved."""
    session.execute(update(ReviewPhotoFlag).where(ReviewPhotoFlag.photo_id == photo.id,
                                                  ReviewPhotoFlag.resolved_at.is_(None)).values(resolved_at=utcnow()))
    audit.record(session, admin, "review_photo.kept", "review", photo.review_id,
                 f"photo {photo.id}: {note}".strip(": "))
    session.flush()


def flagged_photos(session: Session, limit: int = 50) -> list[tuple[ReviewPhoto, int]]:
    """Photos with open reports, most reported first, with how many (bounded: the oldest `limit`)."""
    reports = func.count(ReviewPhotoFlag.id).label("reports")
    rows = session.execute(select(ReviewPhoto, reports)
                           .join(ReviewPhotoFlag, ReviewPhotoFlag.photo_id == ReviewPhoto.id)
                           .where(ReviewPhotoFlag.resolved_at.is_(None)).group_by(ReviewPhoto.id)
                           .order_by(reports.desc(), func.min(ReviewPhotoFlag.created_at)).limit(limit))
    return [(photo, count) for photo, count in rows]


def find_photo(session: Session, key: str) -> tuple[ReviewPhoto, Review, Center] | None:
    row = session.execute(select(ReviewPhoto, Review, Center).join(Review, Review.id == ReviewPhoto.review_id)
                          .join(Center, Center.id == Review.center_id).where(ReviewPhoto.file_key == key[:64])).first()
    return (row[0], row[1], row[2]) if row else None


def is_public(review: Review, center: Center) -> bool:
    return review.status == ReviewStatus.PUBLISHED and center.status == CenterStatus.PUBLISHED


def may_see(user: User | None, review: Review, center: Center) -> bool:
    """Everyone sees the photos of a published review on a published listing; otherwise its author and admins."""
    if is_public(review, center):
        return True
    return user is not None and (user.id == review.author_id or user.is_admin)
