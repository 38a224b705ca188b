"""The center page on a phone: Call, WhatsApp and Directions stay at the thumb while reading, and the menu's prices
are readable without sideways scrolling; on a wide screen the bar gives way to the side panel."""
import os

from playwright.sync_api import expect

from .conftest import ARTIFACTS


def open_center(browser, base: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500)
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(base + "/centers/the-royal-spa")
    return context, page


def test_a_phone_keeps_call_whatsapp_and_directions_at_the_bottom(browser, live_server):
    context, page = open_center(browser, live_server, 390, 844)
    bar = page.get_by_role("navigation", name="Contact The Royal Spa")
    for name, target in (("Call", "/centers/the-royal-spa/contact/phone"),
                         ("WhatsApp", "/centers/the-royal-spa/contact/whatsapp"),
                         ("Directions", "https://www.openstreetmap.org/directions?route=%3B")):
        link = bar.get_by_role("link", name=name)
        expect(link).to_be_visible()
        assert link.get_attribute("href").startswith(target)
    page.get_by_role("heading", name="Reviews").scroll_into_view_if_needed()
    box = bar.bounding_box()
    assert box["y"] + box["height"] <= 844 and box["y"] > 844 - 90  # still there, at the bottom, after scrolling
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, "phone-center-390x844.png"))

    page.get_by_role("heading", name="Menu and prices").scroll_into_view_if_needed()
    price = page.locator(".menu-table tbody tr").first.locator("td").nth(1)
    expect(price).to_contain_text("PKR")
    right = price.bounding_box()["x"] + price.bounding_box()["width"]
    assert right <= 390 and page.evaluate("document.scrollingElement.scrollWidth") <= 390
    page.screenshot(path=os.path.join(ARTIFACTS, "phone-center-menu-390x844.png"))
    page.screenshot(path=os.path.join(ARTIFACTS, "phone-center-full-390x844.png"), full_page=True)
    context.close()


def test_a_wide_screen_shows_the_side_panel_instead_of_the_bar(browser, live_server):
    context, page = open_center(browser, live_server, 1280, 900)
    expect(page.get_by_role("navigation", name="Contact The Royal Spa")).to_be_hidden()
    expect(page.get_by_role("link", name="Call +92")).to_be_visible()
    page.screenshot(path=os.path.join(ARTIFACTS, "phone-center-1280x900.png"), full_page=True)
    context.close()
