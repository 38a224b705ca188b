"""A guest requests a booking at The Royal Spa on a phone, the manager confirms and completes it, and the review
from the invitation shows "Verified visit". Screenshots of the form, status page and inbox at 390 and 1280 wide."""
import os
import threading
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from directory import PROJECT_ROOT
from directory.blueprints.notifications.sender import send_due
from directory.extensions import db
from directory.models import BookingRequest, Center, CenterManager, User
from directory.models.base import utcnow
from directory.passwords import hash_password
from directory.services.hours import local_now
from directory.services.seeding import load_seeds

from ..conftest import make_app
from .conftest import ARTIFACTS

PASSWORD = "harbour lights at dusk 2026"
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def booking_server(databases, tmp_path_factory):
    folder = tmp_path_factory.mktemp("booking-journey")
    app = make_app(databases.new("booking_journey"), SERVER_NAME=None, WTF_CSRF_ENABLED=True,
                   MAIL_LOG_PATH=str(folder / "mail.log"), UPLOAD_FOLDER=str(folder / "uploads"))
    with app.app_context():
        db.create_all()
        load_seeds(db.session, PROJECT_ROOT / "seeds", timezone="Asia/Karachi")
        center = db.session.scalar(select(Center).where(Center.slug == "the-royal-spa"))
        for email, role in (("manager.royal@example.com", "owner"), ("visitor@example.com", "member")):
            db.session.add(User(email=email, display_name=email.split(".")[0].title(), role=role,
                                email_verified_at=utcnow(), password_hash=hash_password(PASSWORD)))
        db.session.flush()
        manager = db.session.scalar(select(User).where(User.email == "manager.royal@example.com"))
        db.session.add(CenterManager(center_id=center.id, user_id=manager.id))
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", app
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def shots(page, name: str) -> None:
    """The page at phone and desktop width; its content must fit 390 and 360 (the signed-in site header is the
    phone-first work's, issue 18: at 360 its Log out button overflows on every page)."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    for label, size in (("390", PHONE), ("1280", DESKTOP), ("360", {"width": 360, "height": 800})):
        page.set_viewport_size(size)
        page.screenshot(path=os.path.join(ARTIFACTS, f"booking-{name}-{label}.png"), full_page=True)
        wide = page.evaluate("[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right"
                             f" > {size['width']}).map(e => e.tagName + '.' + e.className).slice(0, 5)")
        assert wide == [], (name, label)
    page.set_viewport_size(PHONE)


def mail_log(app) -> str:
    with open(app.config["MAIL_LOG_PATH"], encoding="utf-8") as log:
        return log.read()


def mailed(app, text: str, seconds: float = 3) -> bool:
    """True once `text` is in the mail log. Mail goes out after the response, in the server's thread; what that
    leaves queued (the flush stops at its time limit or on a busy database) `flask send-mail` sends, as cron would."""
    deadline = time.monotonic() + seconds
    while not os.path.exists(app.config["MAIL_LOG_PATH"]) or text not in mail_log(app):
        if time.monotonic() > deadline:
            with app.app_context():
                send_due(app)
                db.session.remove()
            return text in mail_log(app)
        time.sleep(0.1)
    return True


def booking_code(app, reference: str) -> str:
    with app.app_context():
        code = db.session.scalar(select(BookingRequest.review_code).where(BookingRequest.reference == reference))
        db.session.remove()
    return code


def log_in(page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_guest_request_to_verified_visit(page, booking_server):
    base, app = booking_server
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.set_viewport_size(PHONE)
    page.goto(base + "/centers/the-royal-spa")
    page.get_by_role("link", name="Request a booking").first.click()
    day = (local_now("Asia/Karachi").date() + timedelta(days=2)).isoformat()
    page.get_by_label("Date").fill(day)
    page.get_by_label("Preferred start time").fill("16:00")
    page.get_by_label("Your name").fill("Ayesha Khan")
    page.get_by_label("Mobile number").fill("0300-1234567")
    page.get_by_label("Email (optional)").fill("ayesha.khan@example.com")
    page.get_by_label("Note for the therapist (optional)").fill("Lower back pain; gentle pressure please.")
    shots(page, "form")
    page.get_by_role("button", name="Send request").click()

    expect(page.get_by_role("heading", name="Booking request SK-")).to_be_visible()
    reference = page.get_by_role("heading", level=1).inner_text().split()[-1]
    href = page.get_by_role("link", name="Send on WhatsApp").get_attribute("href")
    text = parse_qs(urlparse(href).query)["text"][0]
    assert href.startswith("https://wa.me/923008261457?text=") and reference in text
    item = page.evaluate("document.querySelector('dd').innerText").split(",")[0]
    assert item in text
    status_url = page.url
    shots(page, "status")

    log_in(page, base, "manager.royal@example.com")
    page.goto(base + "/manage/centers/the-royal-spa/bookings")
    expect(page.get_by_text(reference)).to_be_visible()
    shots(page, "inbox")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text(f"{reference}: confirmed.")).to_be_visible()

    page.goto(status_url)
    expect(page.get_by_role("status")).to_contain_text("Confirmed")
    assert mailed(app, "Confirmed: The Royal Spa")  # sent once the manager's response had gone out
    page.goto(base + "/manage/centers/the-royal-spa/bookings/settings")
    shots(page, "settings")

    with app.app_context():  # the visit day passes
        booking = db.session.scalar(select(BookingRequest).where(BookingRequest.reference == reference))
        booking.requested_on = local_now("Asia/Karachi").date() - timedelta(days=1)
        db.session.commit()
        db.session.remove()
    page.goto(base + "/manage/centers/the-royal-spa/bookings?status=confirmed")
    page.get_by_role("button", name="Mark completed").click()
    expect(page.get_by_text(f"{reference}: completed.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    assert mailed(app, booking_code(app, reference))  # the invitation to review, with the visit code
    log_in(page, base, "visitor@example.com")
    for path, name in (("/bookings/mine", "mine"), ("/accounts/notifications", "mail-settings")):
        page.goto(base + path)
        shots(page, name)
    page.goto(status_url)
    shots(page, "completed")
    page.get_by_role("link", name="Write a review").click()
    page.get_by_role("group", name="Overall rating").get_by_role("radio", name="5 stars: excellent").check()
    page.get_by_label("Title").fill("Careful and calm")
    page.get_by_label("Your review").fill("They listened about my back, the room was quiet and they started on "
                                          "time. I would book the same therapist again.")
    page.get_by_role("button", name="Post your review").click()
    expect(page.get_by_text("Verified visit").first).to_be_visible()
