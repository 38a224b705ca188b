"""Therapist page and therapist search on a phone and a laptop: nothing wider than the screen, filters work."""
import os

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 900), (360, 740)])
def test_therapist_pages_fit_and_search_filters(browser, live_server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(live_server + "/therapists/?near=Clifton&gender=female")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width != 360:
        os.makedirs(ARTIFACTS, exist_ok=True)
        page.screenshot(path=os.path.join(ARTIFACTS, f"therapist-search-{width}.png"), full_page=True)
    first = page.locator(".therapist-results h2 a").first
    expect(first).to_be_visible()
    first.click()
    expect(page.get_by_role("heading", name="Languages spoken")).to_be_visible()
    expect(page.locator("#main").get_by_role("link", name="How to choose a therapist")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width != 360:
        page.screenshot(path=os.path.join(ARTIFACTS, f"therapist-page-{width}.png"), full_page=True)
    context.close()
