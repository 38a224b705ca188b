"""Uploaded images and files: checked by content with Pillow, re-encoded without metadata, stored under random keys.

Files follow the database transaction: `keep_if_committed` deletes files written for rows that never commit
(rollback, error, session closed) and `delete_after_commit` removes files only once their rows are gone for good.
"""
import io
import os
import re
import secrets
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from sqlalchemy import event
from sqlalchemy.orm import Session, scoped_session

from .errors import ServiceError

DEFAULT_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_MAX_PIXELS = 16_000_000  # decoded at most: 48 MB as RGB, 64 MB as RGBA (a 12 MP phone photo fits)
JPEG_MAX_REDUCTION = 8  # JPEG decodes at 1/2, 1/4 or 1/8 scale (Image.draft): its header may name 64x the pixels
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
FULL_MAX_EDGE = 2048  # stored photos are at most this many pixels on their long side
THUMB_SIZE = (480, 960)  # thumbnails fit in this box (480 wide unless very tall)
JPEG_QUALITY = 85
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

NOT_AN_IMAGE = _l("This file is not a JPEG, PNG or WebP image. Choose a photo in one of those formats.")
REFUSED_KINDS = (
    (b"%PDF-", _l("PDF documents are not accepted here: upload a JPEG, PNG or WebP image.")),
    (b"GIF87a", _l("GIF images are not accepted: upload a JPEG, PNG or WebP image.")),
    (b"GIF89a", _l("GIF images are not accepted: upload a JPEG, PNG or WebP image.")),
)
SVG_MESSAGE = _l("SVG images are not accepted (they can contain scripts): upload a JPEG, PNG or WebP image.")
# The refusals that mean "not an image format we take" (a document upload accepts PDF instead)
FORMAT_REFUSALS = (NOT_AN_IMAGE, SVG_MESSAGE, *(message for _, message in REFUSED_KINDS))


class UploadError(ServiceError):
    """An upload we refuse."""


@dataclass(frozen=True)
class UploadLimits:
    """Where uploads are stored and how large they may be; the web layer builds it from the configuration."""

    folder: Path
    max_bytes: int = DEFAULT_MAX_BYTES
    max_pixels: int = DEFAULT_MAX_PIXELS


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded JPEG with no metadata, and its thumbnail."""

    data: bytes
    width: int
    height: int
    thumb: bytes
    thumb_width: int
    thumb_height: int
    content_type: str = "image/jpeg"


def describe_size(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def read_upload(file_storage, max_bytes: int) -> bytes:
    """The uploaded bytes, reading at most the limit plus one byte; empty and oversized files are refused."""
    if file_storage is None or not getattr(file_storage, "stream", None):
        raise UploadError(_l("Choose a file to upload."))
    limit = max_bytes
    data = file_storage.stream.read(limit + 1)
    if not data:
        raise UploadError(_l("The file is empty. Choose another file."))
    if len(data) > limit:
        raise UploadError(_l("The file is too large: the limit is %(limit)s.", limit=describe_size(limit)))
    return data


def refusal_for(data: bytes) -> str:
    """A specific message for formats people often try (PDF, GIF, SVG), else the generic one."""
    for magic, message in REFUSED_KINDS:
        if data.startswith(magic):
            return message
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml")) or b"<svg" in head:
        return SVG_MESSAGE
    return NOT_AN_IMAGE


def open_checked(data: bytes, max_pixels: int) -> Image.Image:
    """Open by content (JPEG/PNG/WebP decoders only), check the pixel count from the header, verify, then decode.

    Memory is bounded before any pixel is decoded: JPEGs decode at the smallest scale that still covers a stored
    photo (Image.draft), and what would be decoded must fit the pixel limit.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS) as probe:
                width, height = probe.size
                check_pixels(width, height, max_pixels, reducible=probe.format == "JPEG")
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
            if image.format == "JPEG":
                image.draft("RGB", (FULL_MAX_EDGE, FULL_MAX_EDGE))  # header-only: sets the decode scale
            check_pixels(*image.size, max_pixels)
            image.load()
        except UploadError:
            raise
        except UnidentifiedImageError:
            raise UploadError(refusal_for(data)) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise UploadError(too_many_pixels(max_pixels)) from None
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, struct_error()):
            raise UploadError(_l("This image is damaged or incomplete. Try saving it again or choose "
                                 "another.")) from None
    return image


def struct_error() -> type[Exception]:
    import struct

    return struct.error


def too_many_pixels(max_pixels: int) -> str:
    return _l("This image has too many pixels: the limit is %(megapixels)s megapixels.",
              megapixels=max_pixels // 1_000_000)


def check_pixels(width: int, height: int, max_pixels: int, reducible: bool = False) -> None:
    """Refuse images with more pixels than may be decoded (a JPEG may have 64x more: it decodes reduced)."""
    if width <= 0 or height <= 0:
        raise UploadError(NOT_AN_IMAGE)
    if width * height > max_pixels * (JPEG_MAX_REDUCTION ** 2 if reducible else 1):
        raise UploadError(too_many_pixels(max_pixels))


def to_plain_rgb(image: Image.Image) -> Image.Image:
    """Upright, in sRGB, alpha flattened on white, copied into a fresh image that carries no metadata at all."""
    image = ImageOps.exif_transpose(image) or image
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            image = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"),
                                              outputMode=image.mode) or image
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    rgb = image.convert("RGB")
    return Image.frombytes("RGB", rgb.size, rgb.tobytes())


def encode_jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def shrink_first(image: Image.Image) -> Image.Image:
    """Down to the stored size before colour work, so later copies are small (palette and grey images in colour
    first, so resizing them is not nearest-neighbour)."""
    if image.mode not in ("RGB", "RGBA"):
        info = {key: value for key, value in image.info.items() if key != "icc_profile"}  # its profile: not RGB
        image = image.convert("RGBA" if image.mode in ("LA", "PA") or "transparency" in info else "RGB")
        image.info = info  # keep the EXIF orientation for to_plain_rgb
    image.thumbnail((FULL_MAX_EDGE, FULL_MAX_EDGE), Image.Resampling.LANCZOS)
    return image


def clean_image(data: bytes, max_pixels: int) -> CleanImage:
    """Check and re-encode image bytes; raises UploadError."""
    with open_checked(data, max_pixels) as image:
        plain = to_plain_rgb(shrink_first(image))
    plain.thumbnail((FULL_MAX_EDGE, FULL_MAX_EDGE), Image.Resampling.LANCZOS)
    thumb = plain.copy()
    thumb.thumbnail(THUMB_SIZE, Image.Resampling.LANCZOS)
    return CleanImage(data=encode_jpeg(plain), width=plain.width, height=plain.height,
                      thumb=encode_jpeg(thumb), thumb_width=thumb.width, thumb_height=thumb.height)


def read_image(file_storage, limits: UploadLimits) -> CleanImage:
    """An uploaded photo checked by its content (never its name or declared type) and re-encoded; or UploadError."""
    return clean_image(read_upload(file_storage, limits.max_bytes), limits.max_pixels)


# Storage -----------------------------------------------------------------------------------------------------------

def new_key() -> str:
    """A random, unguessable file key (32 URL-safe characters)."""
    return secrets.token_urlsafe(24)


def valid_key(key: str) -> bool:
    return bool(KEY_PATTERN.fullmatch(key or ""))


def stored_path(folder: Path, area: str, name: str) -> Path:
    """Where a stored file lives under the upload folder; names come from our own keys, never from the uploader."""
    return folder / area / name


def write_file(path: Path, data: bytes) -> Path:
    """Write atomically: a temporary file in the same folder, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return path


# Files that follow the transaction ---------------------------------------------------------------------------------

NEW_FILES = "sukoon_uploads_new"
DOOMED_FILES = "sukoon_uploads_doomed"


def keep_if_committed(session: Session, *paths: Path) -> None:
    """Files just written for rows in this transaction: deleted again unless the transaction commits."""
    _in_transaction(session)
    session.info.setdefault(NEW_FILES, []).extend(paths)


def delete_after_commit(session: Session, *paths: Path) -> None:
    """Files of rows deleted in this transaction: removed once it commits, kept if it rolls back."""
    _in_transaction(session)
    session.info.setdefault(DOOMED_FILES, []).extend(paths)


def _in_transaction(session: Session) -> None:
    """Begin the transaction now if none has begun yet, so its end (commit, rollback or close) settles the files."""
    real = session() if isinstance(session, scoped_session) else session  # Flask-SQLAlchemy's db.session
    if not real.in_transaction():
        real.begin()


@event.listens_for(Session, "after_commit")
def _files_after_commit(session: Session) -> None:
    session.info.pop(NEW_FILES, None)
    for path in session.info.pop(DOOMED_FILES, []):
        try:
            Path(path).unlink(missing_ok=True)
        except OSError:
            pass


@event.listens_for(Session, "after_transaction_end")
def _files_after_transaction(session: Session, transaction) -> None:
    if transaction.parent is not None:
        return  # a savepoint or subtransaction: the outer transaction decides
    session.info.pop(DOOMED_FILES, None)
    for path in session.info.pop(NEW_FILES, []):  # still here: the transaction did not commit
        try:
            Path(path).unlink(missing_ok=True)
        except OSError:
            pass
