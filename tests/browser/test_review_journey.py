"""A new member registers, verifies by the emailed link, finds a center, reviews it and sees the rating move."""
import re
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from directory import PROJECT_ROOT
from directory.extensions import db
from directory.services.seeding import load_seeds

from ..conftest import make_app

PASSWORD = "monsoon tea garden 2026"


@pytest.fixture(scope="module")
def journey_server(databases, tmp_path_factory):
    """Its own seeded database: this journey writes, and the shared seeded data must stay as loaded."""
    mail_log = tmp_path_factory.mktemp("journey") / "mail.log"
    app = make_app(databases.new("journey"), SERVER_NAME=None, WTF_CSRF_ENABLED=True, MAIL_LOG_PATH=str(mail_log))
    with app.app_context():
        db.create_all()
        load_seeds(db.session, PROJECT_ROOT / "seeds", timezone="Asia/Karachi")
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", mail_log
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def test_register_verify_review_and_see_the_rating_move(page, journey_server, screenshot):
    base, mail_log = journey_server
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(base + "/accounts/register")
    page.get_by_label("Email address").fill("zara.journey@example.com")
    page.get_by_label("Display name (shown on your reviews)").fill("Zara J.")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Create|Register", re.I)).click()
    screenshot("journey-registered")

    link = re.search(r"https?://\S+/accounts/verify/\S+", mail_log.read_text()).group(0)
    page.goto(link.replace(re.match(r"https?://[^/]+", link).group(0), base))
    expect(page.locator(".flash").first).to_contain_text(re.compile("verified", re.I))

    page.goto(base + "/search/?q=Aura")
    page.get_by_role("link", name="Aura Grande Spa").click()
    before = page.locator(".big-rating strong").inner_text()
    count_before = int(re.search(r"(\d+) reviews?", page.locator(".big-rating").inner_text()).group(1))
    page.get_by_role("link", name=re.compile("Write a review", re.I)).first.click()
    # Stars are radio buttons: the keyboard moves from 3 stars down to 1.
    overall = page.get_by_role("group", name="Overall rating")
    overall.get_by_role("radio", name="3 stars: average").focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(overall.get_by_role("radio", name="1 star: terrible")).to_be_checked()
    page.get_by_label("Title").fill("Booking lost, long wait")
    # A 10,000-character paste is counted and refused with a message, never silently cut.
    page.get_by_label("Your review").fill("x" * 10_000)
    expect(page.get_by_text("10,000 / 5,000 characters: 5,000 too many")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("journey-review-form-390")
    page.get_by_role("button", name="Post your review").click()
    expect(page.get_by_text("Reviews are 20 to 5,000 characters long")).to_be_visible()
    assert len(page.get_by_label("Your review").input_value()) == 10_000
    expect(overall.get_by_role("radio", name="1 star: terrible")).to_be_checked()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Your review").fill("They lost my booking and I waited forty minutes before anyone helped. "
                                          "The massage itself was fine.")
    page.get_by_role("button", name="Post your review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aura Grande Spa")
    expect(page.get_by_text("Booking lost, long wait")).to_be_visible()
    count_after = int(re.search(r"(\d+) reviews?", page.locator(".big-rating").inner_text()).group(1))
    assert count_after == count_before + 1
    assert float(page.locator(".big-rating strong").inner_text()) < float(before)
    screenshot("journey-reviewed")

    page.goto(base + "/centers/aura-grande-spa/reviews/new")
    expect(page.get_by_text(re.compile("already reviewed", re.I))).to_be_visible()
