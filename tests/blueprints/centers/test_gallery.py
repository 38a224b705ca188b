"""Photos on public pages: srcset copies made once and kept, the viewer, the first photo on cards and in og:image."""
import io
import re

import pytest
from flask_babel import refresh
from PIL import Image

from directory.blueprints.uploads import upload_limits as limits
from directory.extensions import db
from directory.models import CenterPhoto
from directory.services.listings.photos import AREA
from directory.services.photo_sizes import sized_path

from ...images import form_file, image_bytes
from ...reviewing import center_page, sign_in


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def add_photo(client, auth, factories, center, size=(1600, 1200), caption=""):
    sign_in(auth, factories.manager(center))
    response = client.post(f"/manage/centers/{center.slug}/photos",
                           data={"photo": form_file(image_bytes("JPEG", size)), "caption": caption})
    assert response.status_code == 303
    auth.logout()
    return db.session.scalars(db.select(CenterPhoto).where(CenterPhoto.center_id == center.id)
                              .order_by(CenterPhoto.id.desc())).first()


def test_gallery_offers_smaller_copies_and_the_viewer(client, auth, factories):
    center = factories.center(name="Sea Breeze Spa")
    photo = add_photo(client, auth, factories, center, caption="Steam room")
    page = center_page(client, center)
    key = photo.file_key
    srcset = f"/media/photos/w320/{key}.jpg 320w, /media/photos/w640/{key}.jpg 640w, " \
             f"/media/photos/w1280/{key}.jpg 1280w, /media/photos/{key}.jpg 1600w"
    tag = re.search(r'<img src="[^"]*"[^>]*alt="Steam room"[^>]*>', page).group(0)
    assert f'srcset="{srcset}"' in tag and 'width="1600" height="1200"' in tag and 'loading="lazy"' in tag
    assert f'data-srcset="{srcset}"' in page  # the viewer shows the same copies, larger
    assert '<dialog class="photo-viewer" aria-label="Photo viewer"' in page
    assert 'aria-label="Next photo"' in page and "js/gallery" in page


def test_a_copy_is_made_once_at_its_width_and_kept(client, auth, factories, upload_folder):
    center = factories.center()
    photo = add_photo(client, auth, factories, center)
    target = sized_path(limits().folder, AREA, photo.file_key, 640)
    assert not target.exists()
    response = client.get(f"/media/photos/w640/{photo.file_key}.jpg")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in response.headers["Cache-Control"]
    assert Image.open(io.BytesIO(response.data)).size == (640, 480)
    made = target.stat().st_mtime_ns
    assert client.get(f"/media/photos/w640/{photo.file_key}.jpg").status_code == 200
    assert target.stat().st_mtime_ns == made  # served from disk, not made again


@pytest.mark.parametrize("width", [100, 321, 1600, 4096, 1280])
def test_only_listed_widths_smaller_than_the_photo_exist(client, auth, factories, upload_folder, width):
    center = factories.center()
    photo = add_photo(client, auth, factories, center, size=(1000, 750))  # 1280 is larger than the photo
    assert client.get(f"/media/photos/w{width}/{photo.file_key}.jpg").status_code == 404
    sizes = upload_folder / AREA / "sizes"
    assert not sizes.exists() or not any(sizes.iterdir())


def test_copies_of_a_hidden_listing_are_private_and_go_with_the_photo(client, auth, factories, upload_folder):
    center = factories.center()
    photo = add_photo(client, auth, factories, center)
    photo_id, file_key = photo.id, photo.file_key
    url = f"/media/photos/w320/{file_key}.jpg"
    assert client.get(url).status_code == 200
    center.status = "suspended"
    db.session.commit()
    assert client.get(url).status_code == 404
    owner = factories.manager(center)
    sign_in(auth, owner)
    assert client.get(url).headers["Cache-Control"] == "private, no-store"
    center.status = "published"
    db.session.commit()
    client.post(f"/manage/centers/{center.slug}/photos/{photo_id}/delete")
    assert not sized_path(limits().folder, AREA, file_key, 320).exists()
    assert client.get(url).status_code == 404


def test_og_image_is_the_first_photo(client, auth, factories):
    center = factories.center(name="Harbour Spa")
    assert "og:image" not in center_page(client, center)
    first = add_photo(client, auth, factories, center, caption="Reception")
    add_photo(client, auth, factories, center, caption="Pool")
    page = center_page(client, center)
    assert f'<meta property="og:image" content="http://sukoon.test/media/photos/w1280/{first.file_key}.jpg">' in page
    assert '<meta property="og:image:height" content="960">' in page
    assert '<meta property="og:image:alt" content="Reception">' in page


def test_small_photo_is_its_own_og_image(client, auth, factories):
    center = factories.center()
    photo = add_photo(client, auth, factories, center, size=(300, 200))
    page = center_page(client, center)
    assert f'content="http://sukoon.test/media/photos/{photo.file_key}.jpg"' in page
    assert f'srcset="/media/photos/{photo.file_key}.jpg 300w"' in page


def test_result_cards_show_the_first_photo_or_the_initials(client, auth, factories):
    pictured = factories.center(name="Blue Lotus Spa", rating_count=3, rating_sum=15)
    plain = factories.center(name="The Quiet Room", rating_count=2, rating_sum=8)
    first = add_photo(client, auth, factories, pictured)
    add_photo(client, auth, factories, pictured)
    html = client.get("/search/?sort=rating").get_data(as_text=True)
    cards = dict(re.findall(r'<li class="card result"[^>]*data-name="([^"]+)"[^>]*>(.*?)</li>', html, re.S))
    assert f'src="/media/photos/w320/{first.file_key}.jpg"' in cards["Blue Lotus Spa"]
    assert 'alt=""' in cards["Blue Lotus Spa"]
    assert re.search(r'<span class="card-photo card-initials tint-\d" aria-hidden="true">QR</span>',
                     cards[plain.name])
    assert "<img" not in cards[plain.name]


def test_photos_have_one_url_in_both_languages(client, auth, factories):
    center = factories.center()
    photo = add_photo(client, auth, factories, center)
    refresh()  # the test's one app context cached the English catalog during the upload
    urdu = client.get(f"/ur/centers/{center.slug}").get_data(as_text=True)
    assert f'src="/media/photos/w320/{photo.file_key}.jpg"' in urdu and "/ur/media/" not in urdu.split("<main")[1]
    assert f'<meta property="og:image" content="http://sukoon.test/media/photos/w1280/{photo.file_key}.jpg">' in urdu
    assert 'aria-label="تصویر دیکھیں"' in urdu
