"""Image and file bytes for upload tests, built in memory: photos, a GPS-tagged JPEG, a decompression bomb, fakes."""
import io
import os
import struct
import zlib

from PIL import Image
from werkzeug.datastructures import FileStorage

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (64, 48), mode: str = "RGB", color="teal",
                **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, format=fmt, **save)
    return out.getvalue()


def noisy_png(size: tuple[int, int] = (200, 200)) -> bytes:
    """A PNG that does not compress: random pixels, about 3 bytes per pixel."""
    out = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(out, format="PNG")
    return out.getvalue()


def jpeg_with_gps(size: tuple[int, int] = (60, 40), orientation: int | None = None) -> bytes:
    """A JPEG whose EXIF holds a camera model and a GPS position in Karachi (and optionally an orientation)."""
    exif = Image.Exif()
    exif[0x0110] = "SpyCam 3000"  # Model
    exif[GPS_IFD] = {1: "N", 2: (24.0, 48.0, 50.0), 3: "E", 4: (67.0, 1.0, 48.0)}
    if orientation:
        exif[ORIENTATION] = orientation
    return image_bytes("JPEG", size, exif=exif.tobytes())


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A valid ~100 KB PNG that declares width x height 1-bit pixels (900 megapixels by default), all zero."""
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed bits
    packer = zlib.compressobj(9)
    chunks = [packer.compress(row) for _ in range(height)]
    idat = b"".join(chunks) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def flat_png(width: int, height: int) -> bytes:
    """A small PNG (one colour, 8-bit RGB) whose pixels take width x height x 3 bytes once decoded."""
    row = b"\x00" + b"\x80" * (3 * width)
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(1)</script><rect width="10" height="10"/></svg>')
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TEXT = b"Just some text pretending to be a photo.\n"


def upload(data: bytes, filename: str = "photo.jpg", content_type: str = "image/jpeg") -> FileStorage:
    """What a form posts: the name and declared type say whatever the sender likes."""
    return FileStorage(stream=io.BytesIO(data), filename=filename, content_type=content_type)


def form_file(data: bytes, filename: str = "photo.jpg") -> tuple:
    """A file for the test client's `data=` (a fresh stream each call)."""
    return io.BytesIO(data), filename, "image/jpeg"
