"""Review photos: the author adds up to four through the upload checks and removes them; they show with the review,
go with it, are hidden with it, and can be reported and removed by moderators."""
import pytest
from flask_babel import refresh
from sqlalchemy import func, select

from directory.blueprints.uploads import upload_limits as limits
from directory.extensions import db
from directory.models import AuditEntry, ReviewPhoto, ReviewPhotoFlag
from directory.services.reviews.photos import MAX_PER_REVIEW, photo_path

from ...images import PDF, form_file, image_bytes, jpeg_with_gps, png_bomb
from ...reviewing import BODY, center_page, sign_in


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


@pytest.fixture
def center(factories):
    return factories.center(name="Lotus Day Spa")


@pytest.fixture
def author(factories):
    return factories.user(display_name="Sana")


@pytest.fixture
def review(factories, center, author):
    return factories.review(center, author=author, body=BODY)


def add(client, review, data=None):
    data = data or image_bytes("JPEG", (900, 600))
    return client.post(f"/reviews/{review.id}/photos", data={"photo": form_file(data)})


def photos_of(review) -> list[ReviewPhoto]:
    return list(db.session.scalars(select(ReviewPhoto).where(ReviewPhoto.review_id == review.id)
                                   .order_by(ReviewPhoto.position)))


def files_in(folder) -> list:
    return sorted(path.name for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def test_the_author_adds_up_to_four_photos_and_they_show_with_the_review(client, auth, center, review, author):
    sign_in(auth, author)
    for _ in range(MAX_PER_REVIEW):
        assert add(client, review, jpeg_with_gps((900, 600))).status_code == 303
    fifth = add(client, review)
    assert fifth.status_code == 400 and "up to 4 photos" in fifth.get_data(as_text=True)
    photos = photos_of(review)
    assert len(photos) == MAX_PER_REVIEW
    assert b"SpyCam" not in photo_path(limits().folder, photos[0].file_key).read_bytes()  # EXIF and GPS gone
    auth.logout()
    page = center_page(client, center)
    key = photos[0].file_key
    assert f'srcset="/media/review-photos/w320/{key}.jpg 320w, /media/review-photos/w640/{key}.jpg 640w, ' \
           f'/media/review-photos/{key}.jpg 900w"' in page
    assert 'alt="Photo 1 from Sana\'s review" width="900" height="600"' in page
    response = client.get(f"/media/review-photos/w320/{key}.jpg")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "public, max-age=3600"


@pytest.mark.parametrize("data, message", [(PDF, "PDF documents are not accepted"), (png_bomb(), "too many pixels")])
def test_bad_files_are_refused_and_leave_nothing(client, auth, review, author, upload_folder, data, message):
    sign_in(auth, author)
    response = add(client, review, data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert photos_of(review) == [] and files_in(upload_folder) == []


def test_the_author_removes_a_photo_and_its_files(client, auth, review, author, upload_folder):
    sign_in(auth, author)
    add(client, review)
    [photo] = photos_of(review)
    assert client.get(f"/media/review-photos/w320/{photo.file_key}.jpg").status_code == 200  # a copy is made
    assert client.post(f"/reviews/{review.id}/photos/{photo.id}/delete").status_code == 303
    assert photos_of(review) == [] and files_in(upload_folder) == []


def test_the_centers_manager_cannot_remove_a_members_photo(client, auth, factories, center, review, author):
    sign_in(auth, author)
    add(client, review)
    [photo] = photos_of(review)
    sign_in(auth, factories.manager(center))
    assert client.post(f"/reviews/{review.id}/photos/{photo.id}/delete").status_code == 404
    assert client.get(f"/reviews/{review.id}/photos").status_code == 404
    assert photos_of(review) != []
    page = center_page(client, center)
    assert "Add photos" not in page and f"/review-photos/{photo.id}/report" in page


def test_deleting_the_review_removes_its_photos(client, auth, review, author, upload_folder):
    sign_in(auth, author)
    add(client, review)
    add(client, review)
    assert client.post(f"/reviews/{review.id}/delete").status_code == 302
    assert photos_of(review) == [] and files_in(upload_folder) == []


def test_a_hidden_reviews_photos_are_seen_only_by_its_author_and_admins(client, auth, factories, center, review,
                                                                        author):
    sign_in(auth, author)
    add(client, review)
    url = f"/media/review-photos/{photos_of(review)[0].file_key}.jpg"
    review.status = "hidden"
    db.session.commit()
    assert client.get(url).headers["Cache-Control"] == "private, no-store"
    sign_in(auth, factories.user(role="admin"))
    assert client.get(url).status_code == 200
    for other in (factories.manager(center), factories.user()):
        sign_in(auth, other)
        assert client.get(url).status_code == 404
    auth.logout()
    assert client.get(url).status_code == 404


def test_a_reported_photo_is_removed_by_a_moderator(client, auth, factories, center, review, author, upload_folder):
    sign_in(auth, author)
    add(client, review)
    [photo] = photos_of(review)
    photo_id = photo.id
    assert "/review-photos/" + str(photo.id) + "/report" not in center_page(client, center)  # not your own
    sign_in(auth, factories.user())
    form = client.get(f"/review-photos/{photo.id}/report").get_data(as_text=True)
    assert "Why are you reporting this photo?" in form
    assert client.post(f"/review-photos/{photo.id}/report", data={"reason": "private"}).status_code == 302
    again = client.get(f"/review-photos/{photo.id}/report", follow_redirects=True).get_data(as_text=True)
    assert "already reported this photo" in again
    sign_in(auth, factories.user(role="admin"))
    queue = client.get("/admin/review-photos").get_data(as_text=True)
    assert "1 report" in queue and "In a review of Lotus Day Spa" in queue
    client.post(f"/admin/review-photos/{photo.id}/remove", data={"note": "Shows a face"})
    assert photos_of(review) == [] and files_in(upload_folder) == []
    assert db.session.scalar(select(func.count(ReviewPhotoFlag.id))) == 0
    assert db.session.scalar(select(AuditEntry.note).where(AuditEntry.action == "review_photo.removed")) \
        == f"photo {photo_id}: Shows a face"
    assert "No reported photos" in client.get("/admin/review-photos").get_data(as_text=True)


def test_the_photo_pages_speak_urdu(client, auth, center, review, author):
    sign_in(auth, author)
    add(client, review)
    refresh()  # the test's one app context cached the English catalog during the upload
    mine = client.get(f"/ur/reviews/{review.id}/photos").get_data(as_text=True)
    assert "اپنے ریویو پر واپس جائیں" in mine and "تصویر 1 ہٹائیں" in mine
    assert "تصاویر لگائیں یا ہٹائیں" in client.get(f"/ur/centers/{center.slug}").get_data(as_text=True)
