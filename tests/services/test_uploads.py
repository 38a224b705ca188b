"""Uploads are judged by content: only JPEG/PNG/WebP, size and pixel limits, re-encoded without metadata."""
import io
from pathlib import Path

import pytest
from PIL import Image, ImageFile
from werkzeug.datastructures import FileStorage

from directory.blueprints.uploads import upload_limits as limits
from directory.extensions import db
from directory.models import CenterClaim, EvidenceFile
from directory.services import uploads
from directory.services.evidence import can_view_evidence, evidence_path, store_evidence
from directory.services.uploads import UploadError, read_image

from ..images import GPS_IFD, PDF, SVG, TEXT, image_bytes, jpeg_with_gps, noisy_png, png_bomb, upload


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def refused(data: bytes, filename: str = "photo.jpg", content_type: str = "image/jpeg") -> str:
    with pytest.raises(UploadError) as caught:
        read_image(upload(data, filename, content_type), limits())
    return str(caught.value)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_come_out_as_plain_jpeg(fmt):
    image = read_image(upload(image_bytes(fmt, (64, 48)), "anything.bin", "application/octet-stream"), limits())
    assert (image.width, image.height) == (64, 48)
    with Image.open(io.BytesIO(image.data)) as out:
        assert out.format == "JPEG" and out.mode == "RGB" and out.size == (64, 48)


def test_text_renamed_to_jpg_is_refused():
    assert refused(TEXT) == uploads.NOT_AN_IMAGE


def test_pdf_renamed_to_jpg_is_refused_with_a_clear_message():
    assert "PDF documents are not accepted" in refused(PDF, "scan.jpg")


def test_svg_is_refused_even_when_it_claims_to_be_a_jpeg():
    assert "SVG images are not accepted" in refused(SVG, "logo.jpg")
    assert "SVG images are not accepted" in refused(SVG, "logo.svg", "image/svg+xml")


def test_gif_is_refused():
    assert "GIF images are not accepted" in refused(image_bytes("GIF"), "anim.jpg")


def test_empty_and_missing_files_are_refused():
    assert "empty" in refused(b"")
    with pytest.raises(UploadError, match="Choose a file"):
        read_image(None, limits())


def test_oversized_file_is_refused_after_reading_just_past_the_limit(app):
    app.config["UPLOAD_MAX_BYTES"] = 1000

    class CountingStream(io.BytesIO):
        taken = 0

        def read(self, size=-1):
            chunk = super().read(size)
            CountingStream.taken += len(chunk)
            return chunk

    stream = CountingStream(noisy_png((100, 100)))
    with pytest.raises(UploadError, match="too large"):
        read_image(FileStorage(stream=stream, filename="big.png"), limits())
    assert CountingStream.taken == 1001


def test_decompression_bomb_is_refused_from_its_header_without_decoding(monkeypatch):
    bomb = png_bomb()  # ~100 KB declaring 30000 x 30000 pixels
    assert len(bomb) < 200_000

    def no_decoding(self):
        raise AssertionError("the bomb was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    assert "too many pixels" in refused(bomb, "tiny.png", "image/png")


def test_pixel_limit_is_configurable(app):
    app.config["UPLOAD_MAX_PIXELS"] = 100 * 100
    assert "too many pixels" in refused(image_bytes("PNG", (101, 100)))
    assert read_image(upload(image_bytes("PNG", (100, 100))), limits()).width == 100


def test_gps_exif_is_stripped_and_orientation_applied():
    original = jpeg_with_gps((60, 40), orientation=6)  # 6: stored sideways, shown rotated 90 degrees
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(GPS_IFD)
    image = read_image(upload(original), limits())
    for data in (image.data, image.thumb):
        with Image.open(io.BytesIO(data)) as after:
            assert not after.getexif()
            assert "exif" not in after.info and "icc_profile" not in after.info and "xmp" not in after.info
        assert b"Exif" not in data and b"SpyCam" not in data
    assert (image.width, image.height) == (40, 60)


def test_transparency_is_flattened_on_white():
    image = read_image(upload(image_bytes("PNG", (10, 10), mode="RGBA", color=(255, 0, 0, 0))), limits())
    with Image.open(io.BytesIO(image.data)) as out:
        assert all(channel > 240 for channel in out.getpixel((5, 5)))


def test_large_photos_are_scaled_down_and_get_a_thumbnail():
    image = read_image(upload(image_bytes("JPEG", (3000, 1500))), limits())
    assert (image.width, image.height) == (2048, 1024)
    assert (image.thumb_width, image.thumb_height) == (480, 240)
    with Image.open(io.BytesIO(image.thumb)) as thumb:
        assert thumb.size == (480, 240)


def test_damaged_image_is_refused():
    data = noisy_png((200, 200))
    assert "damaged" in refused(data[: len(data) // 2])


def test_files_of_a_rolled_back_transaction_are_deleted(upload_folder):
    kept = uploads.write_file(upload_folder / "a" / "kept.jpg", b"1")
    lost = uploads.write_file(upload_folder / "a" / "lost.jpg", b"2")
    uploads.keep_if_committed(db.session, kept)
    db.session.commit()
    uploads.keep_if_committed(db.session, lost)
    db.session.rollback()
    assert kept.exists() and not lost.exists()
    assert [path.name for path in (upload_folder / "a").iterdir()] == ["kept.jpg"]  # no temporary files left


def test_files_of_deleted_rows_go_only_after_commit(upload_folder):
    path = uploads.write_file(upload_folder / "b" / "photo.jpg", b"1")
    uploads.delete_after_commit(db.session, path)
    db.session.rollback()
    assert path.exists()
    uploads.delete_after_commit(db.session, path)
    db.session.commit()
    assert not path.exists()


def test_keys_are_random_and_checked():
    keys = {uploads.new_key() for _ in range(50)}
    assert len(keys) == 50 and all(uploads.valid_key(key) for key in keys)
    assert not uploads.valid_key("../../etc/passwd") and not uploads.valid_key("short")


# Evidence documents -------------------------------------------------------------------------------------------------

def test_pdf_evidence_is_stored_as_sent(factories):
    center, user = factories.center(), factories.user()
    evidence = store_evidence(db.session, upload(PDF, "licence.PDF", "text/plain"), limits(), center_id=center.id,
                              uploader=user)
    db.session.commit()
    assert evidence.content_type == "application/pdf" and evidence.original_name == "licence.pdf"
    assert evidence_path(limits().folder, evidence).read_bytes() == PDF and evidence.size_bytes == len(PDF)


def test_image_evidence_is_reencoded_without_gps(factories):
    center, user = factories.center(), factories.user()
    evidence = store_evidence(db.session, upload(jpeg_with_gps(), "C:\\scans\\card.png"), limits(),
                              center_id=center.id, uploader=user)
    db.session.commit()
    assert evidence.content_type == "image/jpeg" and evidence.original_name == "card.jpg"
    assert b"SpyCam" not in evidence_path(limits().folder, evidence).read_bytes()


@pytest.mark.parametrize("data", [SVG, TEXT, image_bytes("GIF")])
def test_other_evidence_is_refused(factories, data, upload_folder):
    with pytest.raises(UploadError, match="PDF, JPEG, PNG or WebP"):
        store_evidence(db.session, upload(data, "doc.pdf"), limits(), center_id=None, uploader=factories.user())
    db.session.rollback()
    assert db.session.query(EvidenceFile).count() == 0
    assert not any(path.is_file() for path in Path(upload_folder).rglob("*"))


def test_evidence_file_is_removed_when_its_row_is_not_committed(factories):
    evidence = store_evidence(db.session, upload(PDF), limits(), center_id=None, uploader=factories.user())
    path = evidence_path(limits().folder, evidence)
    assert path.exists()
    db.session.rollback()
    assert not path.exists()


def test_who_may_view_evidence(factories):
    center = factories.center()
    uploader, manager, admin, stranger = (factories.user(), factories.manager(center), factories.user(role="admin"),
                                          factories.user())
    evidence = store_evidence(db.session, upload(PDF), limits(), center_id=center.id, uploader=uploader)
    db.session.commit()
    # Uploading grants nothing by itself: this uploader manages no center (see test_evidence_access.py)
    assert [can_view_evidence(db.session, user, evidence) for user in (uploader, manager, admin, stranger, None)] \
        == [False, True, True, False, False]
    db.session.add(CenterClaim(center_id=center.id, user_id=uploader.id, evidence="x", evidence_file_id=evidence.id))
    db.session.commit()
    assert not can_view_evidence(db.session, manager, evidence)  # another person's claim document
    assert can_view_evidence(db.session, uploader, evidence) and can_view_evidence(db.session, admin, evidence)
