"""Private evidence documents (licence scans, certificates) behind claims and credentials.

PDFs are stored as sent (checked by their magic bytes); images are re-encoded through uploads.py like photos.
Only admins and the current managers of the file's center may open one; a claim's document stays between the
claimant and the admins, even for the center's existing managers.
"""
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import CenterClaim, EvidenceFile, Role, User
from ..text import clean_text
from .access import manages
from .uploads import (
    FORMAT_REFUSALS,
    UploadError,
    UploadLimits,
    clean_image,
    keep_if_committed,
    new_key,
    read_upload,
    stored_path,
    write_file,
)

AREA = "evidence"
PDF_MAGIC = b"%PDF-"
NOT_ACCEPTED = _l("Upload the document as a PDF, JPEG, PNG or WebP file.")

__all__ = ["UploadError", "can_view_evidence", "evidence_path", "store_evidence"]


def evidence_path(folder: Path, evidence: EvidenceFile) -> Path:
    return stored_path(folder, AREA, evidence.file_key)


def store_evidence(session: Session, file_storage, limits: UploadLimits, *, center_id: int | None,
                   uploader: User | None) -> EvidenceFile:
    """Check and store an uploaded document and add its row (flushed, not committed); raises UploadError.

    The file is deleted again if the caller's transaction does not commit.
    """
    data = read_upload(file_storage, limits.max_bytes)
    if data.startswith(PDF_MAGIC):
        content_type, extension = "application/pdf", "pdf"
    else:
        try:
            image = clean_image(data, limits.max_pixels)
        except UploadError as error:
            if any(error.message == str(refusal) for refusal in FORMAT_REFUSALS):
                raise UploadError(NOT_ACCEPTED) from None
            raise
        data, content_type, extension = image.data, image.content_type, "jpg"
    key = new_key()
    path = write_file(stored_path(limits.folder, AREA, key), data)
    keep_if_committed(session, path)
    evidence = EvidenceFile(file_key=key, content_type=content_type, size_bytes=len(data),
                            original_name=display_name(getattr(file_storage, "filename", ""), extension),
                            center_id=center_id, uploaded_by_id=uploader.id if uploader is not None else None)
    session.add(evidence)
    session.flush()
    return evidence


def display_name(filename: str | None, extension: str) -> str:
    """The uploader's file name for display, with the extension of what we actually stored."""
    name = clean_text((filename or "").replace("\\", "/").rsplit("/", 1)[-1], 150)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem or 'document'}.{extension}"


def can_view_evidence(session: Session, user: User | None, evidence: EvidenceFile | None) -> bool:
    """Admins; a claim's document: its claimant only; any other document: the current managers of its center.

    Uploading grants nothing by itself: a manager who uploaded a credential's document and was later removed
    loses access with the rest of the center's private data.
    """
    if evidence is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.role == Role.ADMIN:
        return True
    claimant_ids = set(session.scalars(select(CenterClaim.user_id).where(CenterClaim.evidence_file_id == evidence.id)))
    if claimant_ids:
        return user.id in claimant_ids
    return evidence.center_id is not None and manages(session, user, evidence.center_id)


def find_evidence(session: Session, key: str) -> EvidenceFile | None:
    return session.scalar(select(EvidenceFile).where(EvidenceFile.file_key == key[:64]))


def evidence_by_id(session: Session, ids) -> dict[int, EvidenceFile]:
    """Evidence rows by id, for lists that show links to many (the admin claims queue)."""
    wanted = {evidence_id for evidence_id in ids if evidence_id is not None}
    if not wanted:
        return {}
    return {row.id: row for row in session.scalars(select(EvidenceFile).where(EvidenceFile.id.in_(wanted)))}
