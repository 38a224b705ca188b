"""Results on a phone: the first card shows without scrolling, sorting is in sight, the map is a tap away with
numbers that match the cards, and without JavaScript the list and sorting still work."""
import os

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def open_results(browser, base: str, size: dict, **options):
    context = browser.new_context(**size, **options)
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(base + "/search/?near=Clifton")
    return context, page


def test_on_a_phone_the_first_card_and_sort_show_and_the_map_is_a_toggle(browser, live_server):
    context, page = open_results(browser, live_server, PHONE)
    first = page.locator(".result").first
    assert first.locator("h3 a").bounding_box()["y"] + first.locator("h3 a").bounding_box()["height"] <= 844
    assert page.locator("#sort").bounding_box()["y"] < 844
    expect(page.get_by_label("Sort by")).to_be_visible()
    expect(page.locator("#results-map")).to_be_hidden()
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, "phone-results-390x844.png"))
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390

    page.get_by_role("button", name="Show map").click()
    expect(page.locator("#results-map")).to_be_visible()
    expect(page.locator(".result-list")).to_be_hidden()
    names = page.locator(".result h3 a").all_inner_texts()
    markers = page.locator("#results-map .leaflet-marker-icon")
    expect(markers).to_have_count(len(names))
    assert markers.nth(2).inner_text() == "3" and markers.nth(2).get_attribute("title") == f"3. {names[2]}"
    page.screenshot(path=os.path.join(ARTIFACTS, "phone-results-map-390x844.png"))
    page.get_by_role("button", name="Show list").click()
    expect(page.locator(".result").first).to_be_visible()
    context.close()


def test_choosing_a_sort_on_a_phone_reorders_without_opening_filters(browser, live_server):
    context, page = open_results(browser, live_server, PHONE)
    page.get_by_label("Sort by").select_option("rating")
    page.wait_for_url("**sort=rating**")
    expect(page.locator("p.muted.small").filter(has_text="Sorted by rating")).to_be_visible()
    context.close()


@pytest.mark.parametrize("size", [PHONE, {"viewport": {"width": 1280, "height": 900}}], ids=["phone", "desktop"])
def test_without_javascript_the_list_and_sorting_work(browser, live_server, size):
    context, page = open_results(browser, live_server, size, java_script_enabled=False)
    expect(page.locator(".result").first).to_be_visible()
    page.get_by_label("Sort by").select_option("price")
    page.get_by_role("button", name="Search", exact=True).click()
    assert "sort=price" in page.url
    expect(page.get_by_text("Sorted by lowest price per 60 minutes")).to_be_visible()
    width = size["viewport"]["width"]
    page.screenshot(path=os.path.join(ARTIFACTS, f"phone-results-nojs-{width}.png"), full_page=True)
    context.close()
