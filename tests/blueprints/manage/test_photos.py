"""Photos: managers upload, caption, reorder and delete; the public sees them; evidence stays private."""
import io
import json
import re

import pytest
from PIL import Image
from sqlalchemy import func, select

from directory.blueprints.uploads import upload_limits as limits
from directory.extensions import db
from directory.models import AuditEntry, Center, CenterClaim, CenterPhoto, EvidenceFile
from directory.services.evidence import evidence_path, store_evidence
from directory.services.listings.photos import MAX_PHOTOS, photo_path, thumb_path

from ...images import PDF, SVG, TEXT, form_file, image_bytes, jpeg_with_gps, noisy_png, png_bomb, upload
from ...reviewing import center_page, sign_in

SANDBOX = "default-src 'none'; sandbox"


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


@pytest.fixture
def center(factories):
    return factories.center(name="The Royal Spa", slug="the-royal-spa")


@pytest.fixture
def owner(factories, center, auth):
    user = factories.manager(center)
    sign_in(auth, user)
    return user


def post_photo(client, center, data: bytes, caption: str = "", filename: str = "photo.jpg"):
    return client.post(f"/manage/centers/{center.slug}/photos",
                       data={"photo": form_file(data, filename), "caption": caption})


def photos_of(center) -> list[CenterPhoto]:
    return list(db.session.scalars(select(CenterPhoto).where(CenterPhoto.center_id == center.id)
                                   .order_by(CenterPhoto.position)))


def files_in(folder) -> list:
    return sorted(path.name for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def test_owner_uploads_a_photo_and_the_public_page_shows_it(client, auth, center, owner):
    version = center.version
    response = post_photo(client, center, jpeg_with_gps((900, 600)), caption="Our steam room")
    assert response.status_code == 303
    [photo] = photos_of(center)
    assert (photo.width, photo.height, photo.caption, photo.uploaded_by_id) == (900, 600, "Our steam room", owner.id)
    assert photo_path(limits().folder, photo.file_key).exists() and thumb_path(limits().folder, photo.file_key).exists()
    assert b"SpyCam" not in photo_path(limits().folder, photo.file_key).read_bytes()
    assert db.session.scalar(select(Center.version).where(Center.id == center.id)) > version
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.subject_id == center.id)) == "photo.added"
    assert "Our steam room" in client.get(f"/manage/centers/{center.slug}/photos").get_data(as_text=True)

    auth.logout()
    page = center_page(client, center)
    thumb = f'/media/photos/w320/{photo.file_key}.jpg'
    assert f'<a href="/media/photos/{photo.file_key}.jpg"' in page
    tag = re.search(rf'<img src="{thumb}"[^>]*>', page).group(0)
    assert 'alt="Our steam room"' in tag and 'loading="lazy"' in tag
    assert 'width="900"' in tag and 'height="600"' in tag
    json_ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert json_ld["image"] == [f"http://sukoon.test/media/photos/{photo.file_key}.jpg"]
    assert client.get(thumb).status_code == 200


def test_photo_without_caption_gets_alt_text_from_the_center_name(client, auth, center, owner):
    post_photo(client, center, image_bytes())
    auth.logout()
    assert 'alt="Photo 1 of The Royal Spa"' in center_page(client, center)


@pytest.mark.parametrize("data, message", [
    (TEXT, "not a JPEG, PNG or WebP image"),
    (PDF, "PDF documents are not accepted"),
    (SVG, "SVG images are not accepted"),
    (png_bomb(), "too many pixels"),
])
def test_bad_uploads_are_refused_with_a_message_and_leave_nothing(client, center, owner, upload_folder, data, message):
    response = post_photo(client, center, data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert photos_of(center) == [] and files_in(upload_folder) == []


def test_oversized_file_is_refused(app, client, center, owner, upload_folder):
    app.config["UPLOAD_MAX_BYTES"] = 2000
    response = post_photo(client, center, noisy_png((100, 100)))
    assert response.status_code == 400
    assert "too large" in response.get_data(as_text=True)
    assert photos_of(center) == [] and files_in(upload_folder) == []


def test_request_over_the_body_limit_gets_a_clear_413(app, client, center, owner):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    response = post_photo(client, center, b"\xff" * (1024 * 1024 + 10))
    assert response.status_code == 413
    assert "too large: the limit is 1 MB" in response.get_data(as_text=True)


def test_missing_file_is_a_form_error(client, center, owner):
    response = client.post(f"/manage/centers/{center.slug}/photos", data={"caption": "Nothing"})
    assert response.status_code == 400 and "Choose a photo to upload." in response.get_data(as_text=True)


def test_a_center_has_at_most_max_photos(client, center, owner):
    for n in range(MAX_PHOTOS):
        db.session.add(CenterPhoto(center_id=center.id, file_key=f"existing-photo-key-{n:04d}", width=4, height=3,
                                   position=n))
    db.session.commit()
    assert "the most it can have" in client.get(f"/manage/centers/{center.slug}/photos").get_data(as_text=True)
    response = post_photo(client, center, image_bytes())
    assert response.status_code == 400 and f"up to {MAX_PHOTOS} photos" in response.get_data(as_text=True)
    assert len(photos_of(center)) == MAX_PHOTOS


def test_caption_move_and_delete(client, center, owner, upload_folder):
    for caption in ("First", "Second", "Third"):
        post_photo(client, center, image_bytes(), caption=caption)
    first, second, third = photos_of(center)
    base = f"/manage/centers/{center.slug}/photos"
    assert client.post(f"{base}/{second.id}/update", data={"caption": "Lobby"}).status_code == 303
    assert client.post(f"{base}/{third.id}/update", data={"move": "up"}).status_code == 303
    assert [photo.caption for photo in photos_of(center)] == ["First", "Third", "Lobby"]
    client.post(f"{base}/{first.id}/update", data={"move": "up"})  # already first: nothing moves
    assert [photo.caption for photo in photos_of(center)] == ["First", "Third", "Lobby"]
    assert client.post(f"{base}/{first.id}/update", data={"move": "sideways"}).status_code == 400
    long = client.post(f"{base}/{first.id}/update", data={"caption": "x" * 201})
    assert long.status_code == 400 and "Keep the caption to 200 characters." in long.get_data(as_text=True)

    key = second.file_key
    assert client.post(f"{base}/{second.id}/delete").status_code == 303
    assert [(photo.caption, photo.position) for photo in photos_of(center)] == [("First", 0), ("Third", 1)]
    assert not photo_path(limits().folder, key).exists() and not thumb_path(limits().folder, key).exists()
    assert len(files_in(upload_folder)) == 4


def test_extra_fields_cannot_move_a_photo_to_another_center(client, factories, center, owner):
    other = factories.center()
    post_photo(client, center, image_bytes())
    [photo] = photos_of(center)
    client.post(f"/manage/centers/{center.slug}/photos/{photo.id}/update",
                data={"caption": "Mine", "center_id": str(other.id), "file_key": "stolen-key-0000000000",
                      "width": "1", "uploaded_by_id": "1"})
    db.session.refresh(photo)
    assert (photo.center_id, photo.caption, photo.width) == (center.id, "Mine", 64)
    assert photo.file_key != "stolen-key-0000000000"


def test_another_owner_gets_404_on_every_photo_route_and_evidence(client, auth, factories, center):
    sign_in(auth, factories.manager(center))
    post_photo(client, center, image_bytes(), caption="Ours")
    [photo] = photos_of(center)
    evidence = store_evidence(db.session, upload(PDF), limits(), center_id=center.id,
                              uploader=factories.manager(center))
    db.session.commit()

    other_center = factories.center()
    sign_in(auth, factories.manager(other_center))
    base = f"/manage/centers/{center.slug}/photos"
    assert client.get(base).status_code == 404
    assert post_photo(client, center, image_bytes()).status_code == 404
    assert client.post(f"{base}/{photo.id}/update", data={"caption": "Hijacked"}).status_code == 404
    assert client.post(f"{base}/{photo.id}/delete").status_code == 404
    assert client.get(f"/manage/evidence/{evidence.file_key}").status_code == 404
    # ...and through their own center's address, the photo id still belongs to someone else
    own = f"/manage/centers/{other_center.slug}/photos"
    assert client.post(f"{own}/{photo.id}/update", data={"caption": "Hijacked"}).status_code == 404
    assert client.post(f"{own}/{photo.id}/delete").status_code == 404
    assert [(p.id, p.caption) for p in photos_of(center)] == [(photo.id, "Ours")]


def test_manage_pages_need_a_login(client, center):
    response = client.get(f"/manage/centers/{center.slug}/photos")
    assert response.status_code == 302 and "/accounts/login" in response.location


def test_served_photos_have_safe_headers(client, auth, center, owner):
    post_photo(client, center, image_bytes("PNG", (900, 300)))
    [photo] = photos_of(center)
    auth.logout()
    for url, suffix, size in ((f"/media/photos/{photo.file_key}.jpg", "", (900, 300)),
                              (f"/media/thumbs/{photo.file_key}.jpg", "-thumb", (480, 160))):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "image/jpeg"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Security-Policy"] == SANDBOX
        assert response.headers["Content-Disposition"] == f'inline; filename=the-royal-spa-{photo.id}{suffix}.jpg'
        assert "max-age=31536000" in response.headers["Cache-Control"]
        with Image.open(io.BytesIO(response.data)) as image:
            assert image.format == "JPEG" and image.size == size


@pytest.mark.parametrize("url", ["/media/photos/unknown-key-000000000000.jpg", "/media/thumbs/nope.jpg",
                                 "/media/photos/..%2f..%2fsukoon.db.jpg", "/media/photos/x.png"])
def test_unknown_photos_are_404(client, url):
    assert client.get(url).status_code == 404


def test_photos_of_unpublished_centers_are_hidden_from_the_public(client, auth, factories, center, owner):
    post_photo(client, center, image_bytes())
    [photo] = photos_of(center)
    center.status = "suspended"
    db.session.commit()
    url = f"/media/photos/{photo.file_key}.jpg"
    response = client.get(url)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    sign_in(auth, factories.user(role="admin"))
    assert client.get(url).status_code == 200
    sign_in(auth, factories.user())
    assert client.get(url).status_code == 404
    auth.logout()
    assert client.get(url).status_code == 404
    assert client.get(f"/media/thumbs/{photo.file_key}.jpg").status_code == 404


# Evidence -----------------------------------------------------------------------------------------------------------

def claim_with_document(client, center, data: bytes = PDF, filename: str = "trade licence.pdf"):
    return client.post(f"/manage/centers/{center.slug}/claim", data={
        "role_at_center": "owner", "evidence": "The listed phone +92 21 3583 0000 rings at my desk.",
        "document": form_file(data, filename)})


def test_claim_with_a_document_reaches_the_admin_privately(client, auth, factories, center):
    claimant = factories.user()
    sign_in(auth, claimant)
    assert claim_with_document(client, center).status_code == 302
    claim = db.session.scalar(select(CenterClaim))
    evidence = db.session.get(EvidenceFile, claim.evidence_file_id)
    assert evidence.content_type == "application/pdf" and evidence.original_name == "trade licence.pdf"
    url = f"/manage/evidence/{evidence.file_key}"

    response = client.get(url)  # the claimant may look at what they sent
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == SANDBOX
    assert response.headers["Cache-Control"] == "private, no-store"

    sign_in(auth, factories.user(role="admin"))
    queue = client.get("/admin/claims").get_data(as_text=True)
    assert f'href="{url}"' in queue and "trade licence.pdf" in queue
    assert client.get(url).status_code == 200

    for user in (factories.user(), factories.manager(center), factories.manager(factories.center())):
        sign_in(auth, user)
        assert client.get(url).status_code == 404
    auth.logout()
    assert client.get(url).status_code == 302
    assert client.get("/manage/evidence/not-a-real-key-000000").status_code in (302, 404)


def test_claim_document_must_be_a_pdf_or_image(client, auth, factories, center, upload_folder):
    sign_in(auth, factories.user())
    response = claim_with_document(client, center, SVG, "licence.pdf")
    assert "PDF, JPEG, PNG or WebP" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(CenterClaim.id))) == 0
    assert files_in(upload_folder) == []


def test_claim_without_a_document_still_works(client, auth, factories, center):
    sign_in(auth, factories.user())
    client.post(f"/manage/centers/{center.slug}/claim", data={
        "role_at_center": "owner", "evidence": "The listed phone +92 21 3583 0000 rings at my desk."})
    claim = db.session.scalar(select(CenterClaim))
    assert claim is not None and claim.evidence_file_id is None


def test_evidence_file_missing_on_disk_is_404(client, auth, factories, center):
    admin = factories.user(role="admin")
    evidence = store_evidence(db.session, upload(PDF), limits(), center_id=center.id, uploader=admin)
    db.session.commit()
    evidence_path(limits().folder, evidence).unlink()
    sign_in(auth, admin)
    assert client.get(f"/manage/evidence/{evidence.file_key}").status_code == 404
