"""An owner registers, claims The Royal Spa, an admin approves; the owner adds a service and a therapist with a
credential, the admin verifies it, and the public page shows the badge and the new service."""
import os
import re
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from directory import PROJECT_ROOT
from directory.extensions import db
from directory.models import User
from directory.models.base import utcnow
from directory.passwords import hash_password
from directory.services.seeding import load_seeds

from ..conftest import make_app
from .conftest import ARTIFACTS

PASSWORD = "harbour lights at dusk 2026"
ISSUER = "CIDESCO International"


@pytest.fixture(scope="module")
def owner_server(databases, tmp_path_factory):
    """Its own seeded database (this journey writes), with an admin made the way `flask create-admin` would."""
    folder = tmp_path_factory.mktemp("owner-journey")
    app = make_app(databases.new("owner_journey"), SERVER_NAME=None, WTF_CSRF_ENABLED=True,
                   MAIL_LOG_PATH=str(folder / "mail.log"), UPLOAD_FOLDER=str(folder / "uploads"))
    with app.app_context():
        db.create_all()
        load_seeds(db.session, PROJECT_ROOT / "seeds", timezone="Asia/Karachi")
        db.session.add(User(email="admin.journey@example.com", display_name="Admin A.", role="admin",
                            email_verified_at=utcnow(), password_hash=hash_password(PASSWORD)))
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", folder / "mail.log"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def shot(page, name: str) -> None:
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, f"owner-journey-{name}.png"), full_page=True)


def log_in(page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_owner_claims_adds_a_credential_and_the_verified_badge_goes_public(page, browser, owner_server):
    base, mail_log = owner_server
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())

    # The owner registers and confirms their email from the mail log.
    page.goto(base + "/accounts/register")
    page.get_by_label("Email address").fill("omar.owner@example.com")
    page.get_by_label("Display name (shown on your reviews)").fill("Omar R.")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Create|Register", re.I)).click()
    link = re.search(r"https?://\S+/accounts/verify/\S+", mail_log.read_text()).group(0)
    page.goto(link.replace(re.match(r"https?://[^/]+", link).group(0), base))
    expect(page.locator(".flash").first).to_contain_text(re.compile("verified", re.I))

    # They claim The Royal Spa.
    page.goto(base + "/centers/the-royal-spa")
    page.get_by_role("link", name=re.compile("Claim this listing")).click()
    page.get_by_label("Your role at the center").select_option("owner")
    page.get_by_label("How we can verify your claim").fill(
        "Call the listed number +92 21 3524 6188 and ask for Omar at the front desk.")
    page.get_by_role("button", name="Send claim").click()
    expect(page.get_by_text("Waiting for review")).to_be_visible()
    shot(page, "1-claimed")

    # An admin approves the claim.
    admin_context = browser.new_context()
    admin = admin_context.new_page()
    log_in(admin, base, "admin.journey@example.com")
    admin.goto(base + "/admin/claims")
    claim = admin.locator("article", has_text="omar.owner@example.com")
    claim.get_by_role("button", name="Approve").click()
    expect(admin.locator(".flash").first).to_contain_text("Claim approved")

    # The owner adds a service to the menu.
    page.goto(base + "/manage/centers/the-royal-spa/menu")
    page.get_by_label("Massage type").select_option(label="Hot Stone")
    page.get_by_label("Name on your menu").fill("Saffron Hot Stone Ritual")
    page.get_by_label("Duration in minutes").fill("75")
    page.get_by_label("Price in rupees (PKR)").fill("9500")
    page.get_by_role("button", name="Add to menu").click()
    expect(page.locator(".menu-table")).to_contain_text("Saffron Hot Stone Ritual")
    shot(page, "2-menu")

    # ... and a therapist with a credential.
    page.get_by_role("link", name="Therapists", exact=True).click()
    page.get_by_role("link", name="Add a therapist").click()
    page.get_by_label("Name", exact=True).fill("Mehwish Ali")
    page.get_by_label("Gender").select_option("female")
    page.get_by_label("Years of practice").fill("9")
    page.get_by_label("Hot Stone").check()
    shot(page, "3-therapist-form")
    page.get_by_role("button", name="Add therapist").click()
    page.get_by_role("link", name="Add a credential for Mehwish Ali").click()
    page.get_by_label("Kind of credential").select_option("certification")
    page.get_by_label("Issuing body").fill(ISSUER)
    page.get_by_label("Licence or certificate number (optional)").fill("CID-2291-KHI")
    page.get_by_label("Issued on (optional)").fill("2023-05-10")
    page.get_by_label("Valid until (optional)").fill("2030-05-09")
    shot(page, "4-credential-form")
    page.get_by_role("button", name="Add credential").click()
    expect(page.locator("#main")).to_contain_text("Pending verification")
    shot(page, "5-therapists")

    # The admin verifies it, saying how.
    admin.goto(base + "/admin/credentials")
    pending = admin.locator("article", has_text=ISSUER)
    expect(pending).to_contain_text("Mehwish Ali")
    expect(pending).to_contain_text("bookings@royalspa.example.pk")
    shot(admin, "6-admin-queue")
    pending.get_by_label("How you checked it").select_option("document_reviewed")
    pending.get_by_role("button", name="Verify").click()
    expect(admin.locator(".flash").first).to_contain_text("Credential verified")
    admin_context.close()

    # Anyone now sees the badge and the new service on the public page.
    visitor_context = browser.new_context()
    visitor = visitor_context.new_page()
    visitor.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    visitor.goto(base + "/centers/the-royal-spa")
    therapists = visitor.locator("section", has=visitor.get_by_role("heading", name="Therapists"))
    expect(therapists).to_contain_text(f"Verified certification: {ISSUER}")
    expect(therapists).to_contain_text("(document reviewed) on")
    expect(visitor.locator(".menu-table")).to_contain_text("Saffron Hot Stone Ritual")
    expect(visitor.locator(".center-head .badges")).to_contain_text("Owner-managed")
    expect(visitor.locator(".center-head .badges")).to_contain_text("Verified therapists")
    shot(visitor, "7-public-page")
    visitor.get_by_role("link", name="What these badges mean").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("What our badges mean")
    shot(visitor, "8-badges-page")
    visitor_context.close()

    # The owner sees it verified; editing what was checked would send it back to pending, and the form says so.
    page.goto(base + "/manage/centers/the-royal-spa/therapists")
    credential = page.locator("li", has_text=ISSUER)
    expect(credential).to_contain_text("Document reviewed on")
    credential.get_by_role("link", name=re.compile("^Edit")).click()
    expect(page.get_by_role("note")).to_contain_text("sends it back to \"Pending verification\"")
    shot(page, "9-edit-verified-credential")


MANAGE_PAGES = ["", "/details", "/location", "/menu", "/hours", "/photos", "/therapists", "/reports",
                "/visit-codes"]


def test_manage_and_admin_pages_work_under_the_content_security_policy(page, owner_server):
    """Every owner and admin page renders without a CSP complaint; the location pin map draws its marker offline."""
    base, _ = owner_server
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.on("pageerror", lambda error: messages.append(f"Refused to run: page error {error}"))
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    log_in(page, base, "admin.journey@example.com")
    for suffix in MANAGE_PAGES:
        page.goto(f"{base}/manage/centers/the-raintree-spa{suffix}")
        expect(page.locator("nav.manage-nav")).to_be_visible()
    page.goto(base + "/manage/centers/the-raintree-spa/location")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    shot(page, "9-location-pin")
    for path in ("/manage/", "/manage/centers/new", "/admin/", "/admin/listings", "/admin/credentials",
                 "/admin/reports", "/admin/claims", "/badges"):
        page.goto(base + path)
        expect(page.locator("h1")).to_be_visible()
    assert [text for text in messages if "Content Security Policy" in text or "Refused to" in text] == [], messages
