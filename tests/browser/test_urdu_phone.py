"""The Urdu site on a phone (390 x 844): right to left, nothing wider than the screen, the journey from the home page
to a review form works, and the Urdu web font is fetched on Urdu pages only. Screenshots in test-artifacts/urdu-*.

Fields and buttons are found by name and type, not by their words: the pages are being translated."""
import os
import threading

import pytest
from PIL import Image
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

PASSWORD = "monsoon kite over sea view 2026"
EMAIL = "urdu.reader@example.com"
WIDTH, HEIGHT = 390, 844
# Elements reaching past either edge of the screen (in right-to-left overflow goes left), deepest first.
OUTSIDE = """width => {
  const out = e => { const r = e.getBoundingClientRect(); return r.width && (r.right > width + 1 || r.left < -1); };
  return [...document.querySelectorAll('body *')].filter(out)
  .filter(e => getComputedStyle(e).position !== 'absolute' && !e.closest('.leaflet-container'))
  .filter(e => ![...e.children].some(out))
  .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '')); }"""


# Leaflet under dir="rtl": tiles must cover the map (five points checked) and every marker sit inside it.
MAP_COVERAGE = """(() => { const m = document.querySelector('#results-map').getBoundingClientRect();
  const tiles = [...document.querySelectorAll('.leaflet-tile-loaded')].map(t => t.getBoundingClientRect());
  const covered = [[.1, .1], [.9, .1], [.5, .5], [.1, .9], [.9, .9]].map(([a, b]) => {
    const x = m.left + a * m.width, y = m.top + b * m.height;
    return tiles.some(r => r.left <= x && x <= r.right && r.top <= y && y <= r.bottom); });
  const markers = [...document.querySelectorAll('#results-map .leaflet-marker-icon')]
    .map(e => e.getBoundingClientRect());
  const within = r => r.left >= m.left && r.right <= m.right && r.top >= m.top && r.bottom <= m.bottom;
  return {tiles: covered, markers: markers.length, inside: markers.filter(within).length};
})()"""


@pytest.fixture(scope="module")
def urdu_server(databases):
    """Its own seeded database with one verified member (the journey signs in)."""
    app = make_app(databases.new("urdu_phone"), SERVER_NAME=None, WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
        load_seeds(db.session, PROJECT_ROOT / "seeds", timezone="Asia/Karachi")
        db.session.add(User(email=EMAIL, display_name="Ayesha", role="member", email_verified_at=utcnow(),
                            password_hash=hash_password(PASSWORD)))
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def fits_right_to_left(page, name: str) -> None:
    """The page reads right to left in Urdu, and nothing sticks out sideways; a screenshot for a person."""
    page.wait_for_load_state()
    page.screenshot(path=os.path.join(ARTIFACTS, f"urdu-{name}-390.png"), full_page=True)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth"), name
    assert page.evaluate(OUTSIDE, WIDTH) == [], name


def font_requests(page) -> list[str]:
    return [entry for entry in page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
            if ".woff2" in entry]


def test_urdu_on_a_phone_from_search_to_the_review_form(browser, urdu_server, tmp_path):
    base = urdu_server
    os.makedirs(ARTIFACTS, exist_ok=True)
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True, has_touch=True)
    tile = tmp_path / "tile.png"
    Image.new("RGB", (256, 256), (200, 220, 200)).save(tile)  # every map tile, offline
    context.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(path=tile, content_type="image/png"))
    page = context.new_page()

    page.goto(base + "/")
    assert font_requests(page) == []  # English pages fetch no web font
    page.goto(base + "/ur/accounts/login")
    expect(page.locator("html")).not_to_have_class("nastaliq")  # a first Urdu page: the phone's own font
    for _ in range(100):  # the font is fetched two seconds after the page has loaded (CSP forbids wait_for_function)
        if any(cookie["name"] == "nastaliq" and cookie["value"] == "1" for cookie in context.cookies()):
            break
        page.wait_for_timeout(100)
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login" not in url)

    page.goto(base + "/ur/")
    fits_right_to_left(page, "home")
    nav = page.get_by_role("navigation", name="مرکزی")
    expect(nav.get_by_role("link", name="مساج گائیڈ")).to_be_visible()  # the header is translated already
    expect(page.locator("html")).to_have_class("nastaliq")  # the next pages use it
    assert page.evaluate("document.fonts.check('16px \"Noto Nastaliq Urdu\"', 'مساج')")
    assert any("noto-nastaliq-urdu-urdu-400" in entry for entry in font_requests(page))
    # The layout mirrors: the brand at the right edge, the hero's search field right of its button.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] + brand["width"] > WIDTH - 40 and brand["x"] > WIDTH / 2
    assert page.locator("#q").bounding_box()["x"] > page.locator(".input-row button[type=submit]").bounding_box()["x"]

    page.locator("#q").fill("کلفٹن")
    page.locator("#q").press("Enter")
    page.wait_for_url("**/ur/search/**")
    fits_right_to_left(page, "search-clifton")
    page.locator("button.map-toggle").click()
    page.wait_for_timeout(500)  # tiles load and markers settle after the map is shown and fitted
    on_map = page.evaluate(MAP_COVERAGE)
    page.screenshot(path=os.path.join(ARTIFACTS, "urdu-search-map-390.png"))
    assert on_map["tiles"] == [True] * 5 and on_map["markers"] > 1 and on_map["inside"] == on_map["markers"], on_map
    page.locator("button.map-toggle").click()
    results = page.locator(".result h3 a")
    expect(results.first).to_be_visible()
    results.first.click()

    page.wait_for_url("**/ur/centers/**")
    fits_right_to_left(page, "center")
    menu = page.locator(".menu-table")
    menu.scroll_into_view_if_needed()
    expect(menu).to_be_visible()
    box = menu.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
    page.screenshot(path=os.path.join(ARTIFACTS, "urdu-center-menu-390.png"))

    page.locator("a.button[href*='/reviews/new']").first.click()
    page.wait_for_url("**/ur/centers/**/reviews/new")
    fits_right_to_left(page, "review-form")
    expect(page.locator("form textarea").first).to_be_visible()
    # Stars run right to left too: choosing 3 lights the three on the right, the two on the left stay grey.
    stars = page.locator(".star-row").first
    stars.locator("label[for$='-3']").click()
    lit = stars.evaluate("""row => [...row.querySelectorAll('label')].map(l => ({
        x: l.getBoundingClientRect().x, lit: getComputedStyle(l).color === 'rgb(201, 138, 20)'}))""")
    assert sum(star["lit"] for star in lit) == 3
    assert min(star["x"] for star in lit if star["lit"]) > max(star["x"] for star in lit if not star["lit"])
    page.screenshot(path=os.path.join(ARTIFACTS, "urdu-review-stars-390.png"))
    context.close()


def test_urdu_on_a_wide_screen_mirrors_the_center_page(browser, urdu_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(urdu_server + "/ur/centers/the-royal-spa")
    page.screenshot(path=os.path.join(ARTIFACTS, "urdu-center-1280.png"), full_page=True)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    main, side = page.locator(".center-main").bounding_box(), page.locator(".center-side").bounding_box()
    assert side["x"] + side["width"] <= main["x"]  # the side panel (contact, hours, map) moves to the left
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    page.goto(urdu_server + "/centers/the-royal-spa")  # the same page in English keeps its panel on the right
    main, side = page.locator(".center-main").bounding_box(), page.locator(".center-side").bounding_box()
    assert side["x"] >= main["x"] + main["width"]
    context.close()
