"""Every HTML page from the URL map, opened as the person who would see it, fits a 360x740 phone: nothing sticks
out sideways, in English and in Urdu (right to left, where overflow goes left). A new GET route fails here until it
is given values (or listed as not a page)."""
import os
import threading

import pytest
from werkzeug.serving import make_server

from directory import PROJECT_ROOT
from directory.extensions import db
from directory.models import Center, ReviewPhoto, Service
from directory.services.seeding import load_seeds

from ..conftest import make_app
from ..factories import Factories
from .conftest import ARTIFACTS

PASSWORD = "harbour lights at dusk 2026"
WIDTH, HEIGHT = 360, 740
NOT_PAGES = {"static", "media.photo", "media.thumbnail", "media.sized", "media.review_photo",
             "media.review_photo_sized", "manage.evidence", "main.healthz", "main.readyz",
             "main.robots", "main.sitemap", "main.sitemap_pages", "main.sitemap_centers", "api-docs.openapi_json",
             "centers.contact", "main.choose_language", "main.favicon"}  # choose_language: a redirect
ROLE_BY_PREFIX = (("admin.", "admin"), ("manage.", "owner"), ("reviews.edit", "author"), ("reviews.photos", "author"),
                  ("reviews.photo_flag", "member"), ("reviews.reply", "owner"),
                  ("reviews.new", "member"), ("reviews.flag", "member"), ("accounts.profile", "member"),
                  ("accounts.change_password", "member"), ("notifications.outbox", "admin"),
                  ("notifications.preferences", "member"), ("bookings.mine", "member"))
SCROLL_WIDTH = "document.scrollingElement.scrollWidth"
# The deepest elements sticking out past either edge, named so a failure says what to fix.
CULPRITS = """width => [...document.querySelectorAll('body *')]
  .filter(e => { const out = c => c.getBoundingClientRect().right > width + 1 || c.getBoundingClientRect().left < -1;
                 return out(e) && ![...e.children].some(out); })
  .filter(e => getComputedStyle(e).position !== 'absolute')
  .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '')
                   + ' "' + e.textContent.trim().slice(0, 30) + '"')"""


@pytest.fixture(scope="module")
def sweep(databases, tmp_path_factory):
    """A seeded site with an admin, the owner of The Royal Spa (a therapist with a credential) and a member's review."""
    folder = tmp_path_factory.mktemp("phone-sweep")
    # a database of its own each time pytest builds this fixture (once per browser parametrisation)
    app = make_app(databases.new(f"phone_sweep_{folder.name}"), SERVER_NAME=None, WTF_CSRF_ENABLED=True,
                   MAIL_LOG_PATH=str(folder / "mail.log"), UPLOAD_FOLDER=str(folder / "uploads"))
    with app.app_context():
        db.create_all()
        load_seeds(db.session, PROJECT_ROOT / "seeds", timezone="Asia/Karachi")
        db.session.commit()
        make = Factories(db.session)
        center = db.session.scalars(db.select(Center).where(Center.slug == "the-royal-spa")).one()
        users = {"admin": make.user(role="admin", password=PASSWORD), "member": make.user(password=PASSWORD),
                 "owner": make.user(role="owner", password=PASSWORD), "author": make.user(password=PASSWORD)}
        make.manager(center, users["owner"])
        therapist = make.therapist(center)
        review = make.review(center, author=users["author"],
                             body="Calm rooms, a skilled therapist and fair prices. I would go again.")
        photo = make._save(ReviewPhoto(review_id=review.id, file_key="sweep-review-photo-key", width=640, height=480))
        values = {"slug": center.slug, "therapist_id": therapist.id, "credential_id": make.credential(therapist).id,
                  "review_id": review.id, "token": "not-a-real-token", "photo_id": photo.id}
        special = {"guide.show": {"slug": db.session.scalars(db.select(Service.slug).limit(1)).one()},
                   "guide.condition": {"slug": "lower-back-pain"}}
        emails = {role: user.email for role, user in users.items()}
        pages = []
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in rule.methods or rule.endpoint in NOT_PAGES or rule.endpoint.startswith("api."):
                continue
            arguments = {key: special.get(rule.endpoint, values)[key] for key in rule.arguments}
            role = next((who for prefix, who in ROLE_BY_PREFIX if rule.endpoint.startswith(prefix)), None)
            pages.append((rule.endpoint, rule.build(arguments)[1], role))
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", pages, emails
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def test_the_sweep_covers_every_area(sweep):
    _, pages, _ = sweep
    areas = {endpoint.split(".")[0] for endpoint, _, _ in pages}
    assert {"main", "search", "centers", "reviews", "guide", "accounts", "manage", "admin"} <= areas
    assert len(pages) >= 40


@pytest.mark.parametrize("language", ["", "/ur"], ids=["english", "urdu"])
def test_every_page_fits_a_360_px_phone(browser, sweep, language):
    base, pages, emails = sweep
    folder = os.path.join(ARTIFACTS, "phone-sweep" + language.replace("/", "-"))
    os.makedirs(folder, exist_ok=True)
    contexts, too_wide = {}, []
    for endpoint, path, role in pages:
        if role not in contexts:
            contexts[role] = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True,
                                                 has_touch=True, device_scale_factor=1)
            contexts[role].route("https://tile.openstreetmap.org/**", lambda route: route.abort())
            if role:
                login = contexts[role].new_page()
                login.goto(base + "/accounts/login")
                login.get_by_label("Email address").fill(emails[role])
                login.get_by_label("Password", exact=True).fill(PASSWORD)
                login.get_by_role("button", name="Log in").click()
                login.wait_for_load_state()
                login.close()
        page = contexts[role].new_page()
        response = page.goto(base + language + path)
        assert response.status < 500, (endpoint, path, response.status)
        assert "/accounts/login" not in page.url or endpoint.startswith("accounts."), (endpoint, "not signed in")
        width = page.evaluate(SCROLL_WIDTH)
        page.screenshot(path=os.path.join(folder, f"{endpoint}.png"), full_page=True)
        if width > WIDTH:
            culprits = ", ".join(page.evaluate(CULPRITS, WIDTH))
            too_wide.append(f"{language}{path} ({endpoint}) is {width} px wide: {culprits}")
        page.close()
    for context in contexts.values():
        context.close()
    assert not too_wide, "\n".join(too_wide)
