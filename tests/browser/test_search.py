"""Searching in a real browser: a place, near me, filters that change the URL and the list."""
import os
import re

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS


def no_tiles(page):
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())


def shown_distances(page):
    return [float(text.split()[0]) for text in page.locator(".result .distance").all_inner_texts()]


def test_typing_clifton_lists_nearest_first_with_a_map(page, live_server, screenshot):
    no_tiles(page)
    page.goto(live_server + "/")
    page.get_by_label("What you need and where").fill("Clifton")
    page.get_by_role("button", name="Search").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("within 10 km of Clifton")
    distances = shown_distances(page)
    assert distances and distances == sorted(distances)
    cards = page.locator(".result").count()
    expect(page.locator("#results-map .leaflet-marker-icon")).to_have_count(cards)
    expect(page.get_by_text("Map background unavailable; locations are listed below.")).to_be_visible()
    screenshot("search-clifton")


def test_near_me_searches_at_the_granted_position(browser, live_server, screenshot):
    context = browser.new_context(geolocation={"latitude": 24.8607, "longitude": 67.0011},
                                  permissions=["geolocation"])
    page = context.new_page()
    no_tiles(page)
    page.goto(live_server + "/search/")
    page.get_by_role("button", name="Near me").click()
    page.wait_for_url(re.compile(r"lat=24\.86070.*lng=67\.00110|lng=67\.00110.*lat=24\.86070"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("of Your location")
    distances = shown_distances(page)
    assert distances and distances == sorted(distances)
    screenshot("search-near-me")
    context.close()


def test_filters_change_the_url_and_the_list(page, live_server, screenshot):
    no_tiles(page)
    page.goto(live_server + "/search/?near=Karachi&radius_km=50")
    before = page.locator(".result").count()
    page.get_by_text("More filters").click()
    page.get_by_label("Women only").check()
    page.wait_for_url(re.compile(r"gender=women_only"))
    after = page.locator(".result")
    assert 0 < after.count() <= before
    for meta in after.locator(".meta").all_inner_texts():
        assert "Women only" in meta
    page.get_by_label("Sort by").select_option("rating")
    page.wait_for_url(re.compile(r"sort=rating"))
    expect(page.get_by_text("Sorted by rating")).to_be_visible()
    screenshot("search-filtered")


def test_search_page_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/search/?near=Clifton")
    expect(page.get_by_text("The map needs JavaScript")).to_be_visible()
    assert page.locator(".result").count() > 0
    expect(page.get_by_role("button", name="Near me")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900), (360, 740)])
def test_comfort_filters_tick_into_the_url_and_fit_the_screen(browser, live_server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    no_tiles(page)
    page.goto(live_server + "/search/?near=Karachi&radius_km=50")
    before = page.locator(".result").count()
    page.get_by_text("More filters").click()
    page.get_by_label("Female therapists").check()
    page.wait_for_url(re.compile(r"amenity=female_therapists"))
    page.get_by_label("Prayer area").check()
    page.wait_for_url(re.compile(r"amenity=female_therapists.*amenity=prayer_area"))
    expect(page.get_by_label("Prayer area")).to_be_checked()
    assert 0 < page.locator(".result").count() < before
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    os.makedirs(ARTIFACTS, exist_ok=True)  # the screenshot fixture shoots its own page; this one has the viewport
    page.locator("details.filters").screenshot(path=os.path.join(ARTIFACTS, f"search-comfort-{width}x{height}.png"))
    page.screenshot(path=os.path.join(ARTIFACTS, f"search-comfort-{width}x{height}-page.png"), full_page=True)
    context.close()
