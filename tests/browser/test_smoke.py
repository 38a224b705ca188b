"""A visitor goes from the home page to a result to a center's menu and badges, in a real browser."""
from playwright.sync_api import expect


def test_home_to_results_to_center_page(page, live_server, screenshot):
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())  # no internet for tiles here
    page.goto(live_server + "/")
    screenshot("home")
    page.get_by_label("What you need and where").fill("Raintree")
    page.get_by_role("button", name="Search").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Raintree")
    screenshot("results")
    page.get_by_role("link", name="The Raintree Spa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The Raintree Spa")
    expect(page.get_by_role("table").first).to_contain_text("PKR")
    expect(page.locator(".badge-verified").first).to_be_visible()
    expect(page.locator(".badge-pending").first).to_be_visible()
    expect(page.locator("#center-map .leaflet-marker-icon")).to_have_count(1)
    expect(page.get_by_text("Map background unavailable")).to_be_visible()
    screenshot("center")


def test_center_page_without_javascript_still_gives_the_address(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/centers/the-raintree-spa")
    expect(page.get_by_text("The map needs JavaScript")).to_be_visible()
    expect(page.get_by_role("heading", name="Menu and prices")).to_be_visible()
    context.close()


def test_public_pages_fit_a_360_pixel_phone(browser, live_server):
    """No sideways scrolling on a small phone: wide tables scroll inside their own box."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    for path in ("/", "/centers/the-raintree-spa", "/search/?near=Clifton", "/how-reviews-work", "/guide/"):
        page.goto(live_server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    context.close()
