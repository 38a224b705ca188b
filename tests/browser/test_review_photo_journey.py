"""A member adds a photo to their review from a phone, another member reports it, an admin removes it; each page
is looked at on a phone (390x844) and a wide screen (1280x900)."""
import io
import os
import threading

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect
from werkzeug.serving import make_server

from directory.extensions import db
from directory.passwords import hash_password

from ..conftest import make_app
from ..factories import Factories
from .conftest import ARTIFACTS

PASSWORD = "harbour lights at dusk 2026"
BODY = "Calm rooms, a skilled therapist and fair prices. I would go again."


@pytest.fixture(scope="module")
def journey_server(databases, tmp_path_factory):
    folder = tmp_path_factory.mktemp("review-photo-journey")
    app = make_app(databases.new("review_photo_journey"), SERVER_NAME=None, WTF_CSRF_ENABLED=True,
                   UPLOAD_FOLDER=str(folder / "uploads"))
    with app.app_context():
        db.create_all()
        make = Factories(db.session)
        center = make.center(name="Juniper Spa", slug="juniper-spa")
        users = {email: make.user(email=email, role=role, display_name=email.split("@")[0].title(),
                                  password_hash=hash_password(PASSWORD))
                 for email, role in (("author@example.com", "member"), ("reader@example.com", "member"),
                                     ("admin@example.com", "admin"))}
        author = users["author@example.com"]
        review = make.review(center, author=author, body=BODY)
        review_id = review.id
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", review_id, folder
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def shoot(page, name: str) -> None:
    os.makedirs(ARTIFACTS, exist_ok=True)
    for width, height in ((390, 844), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width, (name, width)
        page.screenshot(path=os.path.join(ARTIFACTS, f"review-photo-{name}-{width}x{height}.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})


def log_in(browser, base: str, email: str):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(base + "/accounts/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    return context, page


def drawn_photo(path) -> str:
    image = Image.new("RGB", (1200, 900), "#9fb8ad")
    ImageDraw.Draw(image).rectangle((300, 250, 900, 650), fill="#f4efe6")
    out = io.BytesIO()
    image.save(out, format="JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def test_add_report_and_remove_a_review_photo(browser, journey_server, tmp_path):
    base, review_id, _ = journey_server
    context, page = log_in(browser, base, "author@example.com")
    page.goto(base + "/centers/juniper-spa")
    page.get_by_role("link", name="Add photos to your review").click()
    page.get_by_label("Photo").set_input_files(drawn_photo(tmp_path / "room.jpg"))
    page.get_by_role("button", name="Add photo").click()
    expect(page.get_by_text("Photo added to your review.")).to_be_visible()
    expect(page.get_by_role("button", name="Remove photo 1")).to_be_visible()
    shoot(page, "author")
    context.close()

    context, page = log_in(browser, base, "reader@example.com")
    page.goto(base + "/centers/juniper-spa")
    photo = page.locator(f"#review-{review_id} .review-photo-list img")
    expect(photo).to_be_visible()
    shoot(page, "center")
    page.get_by_role("link", name="Report photo 1").click()
    page.get_by_label("Why are you reporting this photo?").select_option("private")
    shoot(page, "report")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("A moderator will look at this photo.")).to_be_visible()
    context.close()

    context, page = log_in(browser, base, "admin@example.com")
    page.goto(base + "/admin/review-photos")
    expect(page.get_by_text("1 report")).to_be_visible()
    shoot(page, "moderation")
    page.get_by_label("Why remove it (kept in the audit log)").fill("Shows a guest's face")
    page.get_by_role("button", name="Remove the photo").click()
    expect(page.get_by_text("The photo is removed.")).to_be_visible()
    page.goto(base + "/centers/juniper-spa")
    expect(page.locator(f"#review-{review_id} .review-photo-list")).to_have_count(0)
    context.close()
