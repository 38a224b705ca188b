"""Smaller copies of stored photos for `srcset`: a few fixed widths, made from the stored JPEG on first request.

Bounded: only the widths in WIDTHS exist (at most three copies per photo, each smaller than the photo), the source
is our own re-encoded JPEG of at most 2048 pixels a side, and a copy is written once (atomically) and then served
from disk. The copies of a photo are deleted with it (`sized_paths`).
"""
from pathlib import Path

from PIL import Image

from .uploads import encode_jpeg, stored_path, write_file

WIDTHS = (320, 640, 1280)


def widths_for(width: int) -> list[int]:
    """The copy widths a photo `width` pixels wide has: only those smaller than the photo itself."""
    return [size for size in WIDTHS if size < width]


def sized_path(folder: Path, area: str, key: str, width: int) -> Path:
    return stored_path(folder, area, f"sizes/{key}.w{width}.jpg")


def sized_paths(folder: Path, area: str, key: str) -> list[Path]:
    """Every copy a photo may have (to delete with it)."""
    return [sized_path(folder, area, key, width) for width in WIDTHS]


def sized_copy(source: Path, target: Path, width: int) -> Path | None:
    """The copy `width` pixels wide of the stored JPEG `source`, made and kept at `target` if missing; None when the
    source is gone or the width is not one we make."""
    if width not in WIDTHS:
        return None
    if target.is_file():
        return target
    if not source.is_file():
        return None
    with Image.open(source, formats=("JPEG",)) as image:
        image.draft("RGB", (width, width))  # decode at a reduced scale when that still covers the copy
        image = image.convert("RGB")
    if image.width <= width:
        return None
    image.thumbnail((width, width * 8), Image.Resampling.LANCZOS)
    return write_file(target, encode_jpeg(image))
