"""The photo viewer with the keyboard alone, at 390x844 and 1280x900: Enter opens, arrows move, Esc closes and
focus goes back to the photo. The photos are made for the test (drawn, not of any place) and removed after it."""
import io
import os

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect
from sqlalchemy import delete, select

from directory.blueprints.uploads import upload_limits
from directory.extensions import db
from directory.models import Center, CenterPhoto, ReviewPhoto
from directory.services.listings.photos import photo_path, thumb_path
from directory.services.reviews import photos as review_photos
from directory.services.reviews.queries import latest_reviews
from directory.services.uploads import clean_image, new_key, write_file

from .conftest import ARTIFACTS
from .test_axe import BLOCKING, run_axe

SLUG = "the-royal-spa"
COLOURS = ("#c9b79c", "#8fb3a5", "#b8a2c9")


def drawn(colour: str, number: int) -> bytes:
    image = Image.new("RGB", (1600, 1200), colour)
    ImageDraw.Draw(image).ellipse((500, 300, 1100, 900), fill="white")
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return clean_image(out.getvalue(), 16_000_000)


@pytest.fixture
def gallery(seeded_app):
    with seeded_app.test_request_context():
        folder = upload_limits().folder
        center_id = db.session.scalar(select(Center.id).where(Center.slug == SLUG))
        for position, colour in enumerate(COLOURS):
            image, key = drawn(colour, position), new_key()
            write_file(photo_path(folder, key), image.data)
            write_file(thumb_path(folder, key), image.thumb)
            db.session.add(CenterPhoto(center_id=center_id, file_key=key, width=image.width, height=image.height,
                                       caption=f"Test room {position + 1}", position=position))
        db.session.commit()
    yield
    with seeded_app.app_context():
        db.session.execute(delete(CenterPhoto).where(CenterPhoto.center_id == center_id))
        db.session.commit()


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
def test_the_viewer_works_from_the_keyboard(browser, live_server, gallery, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500)
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{live_server}/centers/{SLUG}")
    first = page.get_by_role("link", name="Test room 1")
    first.scroll_into_view_if_needed()
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, f"gallery-{width}x{height}.png"))
    first.focus()
    page.keyboard.press("Enter")
    viewer = page.get_by_role("dialog", name="Photo viewer")
    expect(viewer).to_be_visible()
    expect(viewer).to_contain_text("Photo 1 of 3")
    expect(viewer.get_by_role("img", name="Test room 1")).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(viewer).to_contain_text("Test room 2")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # wraps round to the last
    expect(viewer).to_contain_text("Photo 3 of 3")
    image = viewer.locator("img").bounding_box()
    assert image["width"] <= width and image["height"] <= height
    page.screenshot(path=os.path.join(ARTIFACTS, f"gallery-viewer-{width}x{height}.png"))
    page.keyboard.press("Escape")
    expect(viewer).to_be_hidden()
    page.wait_for_function("() => document.activeElement.querySelector('img')?.alt === 'Test room 3'")  # focus is back
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    context.close()


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
def test_result_cards_lead_with_the_photo_or_the_initials(browser, live_server, gallery, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500)
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{live_server}/search/?q=spa&near=Clifton")
    card = page.locator("li.result", has=page.get_by_role("link", name="The Royal Spa"))
    photo = card.locator("img.card-photo")
    expect(photo).to_be_visible()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
    assert "/w320/" in photo.evaluate("(img) => img.currentSrc")  # the smallest copy that covers 112 px
    initials = page.locator("li.result .card-initials").first
    expect(initials).to_be_visible()
    box = page.locator("li.result").first.bounding_box()
    assert box["y"] < height  # the first card still starts above the fold
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    page.screenshot(path=os.path.join(ARTIFACTS, f"results-photos-{width}x{height}.png"))
    context.close()


@pytest.fixture
def review_with_photos(seeded_app):
    with seeded_app.test_request_context():
        folder = upload_limits().folder
        center_id = db.session.scalar(select(Center.id).where(Center.slug == SLUG))
        review = latest_reviews(db.session, center_id)[0]
        for position, colour in enumerate(COLOURS[:2]):
            image, key = drawn(colour, position), new_key()
            write_file(review_photos.photo_path(folder, key), image.data)
            db.session.add(ReviewPhoto(review_id=review.id, file_key=key, width=image.width, height=image.height,
                                       position=position))
        db.session.commit()
        review_id = review.id
    yield review_id
    with seeded_app.app_context():
        db.session.execute(delete(ReviewPhoto).where(ReviewPhoto.review_id == review_id))
        db.session.commit()


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
def test_review_photos_show_with_the_review_and_open_in_their_own_viewer(browser, live_server, gallery,
                                                                         review_with_photos, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500)
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{live_server}/centers/{SLUG}")
    review = page.locator(f"#review-{review_with_photos}")
    review.scroll_into_view_if_needed()
    thumbs = review.locator(".review-photo-list img")
    expect(thumbs).to_have_count(2)
    page.wait_for_function("() => [...document.querySelectorAll('.review-photo-list img')]"
                           ".every((img) => img.complete && img.naturalWidth > 0)")
    page.screenshot(path=os.path.join(ARTIFACTS, f"review-photos-{width}x{height}.png"))
    review.locator("a[data-viewer-item]").first.focus()
    page.keyboard.press("Enter")
    viewer = review.get_by_role("dialog", name="Photo viewer")
    expect(viewer).to_contain_text("Photo 1 of 2")  # the review's photos only, not the gallery's three
    page.keyboard.press("Escape")
    expect(viewer).to_be_hidden()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    context.close()


def test_axe_finds_nothing_serious_in_the_gallery_review_photos_or_open_viewer(browser, live_server, gallery,
                                                                              review_with_photos):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, bypass_csp=True)
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    for path in (f"/centers/{SLUG}", f"/ur/centers/{SLUG}"):
        page.goto(live_server + path)
        assert not [v for v in run_axe(page) if v["impact"] in BLOCKING], path
    link = page.get_by_role("link", name="Test room 2")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390  # right to left, still 390 px wide
    link.click()
    expect(page.get_by_role("dialog", name="تصویر دیکھیں")).to_be_visible()  # the Urdu page
    open_viewer = [v for v in run_axe(page) if v["impact"] in BLOCKING]
    assert not open_viewer, open_viewer
    page.screenshot(path=os.path.join(ARTIFACTS, "gallery-viewer-urdu-390x844.png"))
    context.close()
