"""Condition pages on a phone and a laptop: red flags in view first, nothing wider than the screen, place box works."""
import os
import re

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS

PAGES = {"conditions": "/guide/conditions/", "sciatica": "/guide/conditions/sciatica",
         "choosing-a-therapist": "/guide/choosing-a-therapist"}


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 900), (360, 740)])
def test_condition_pages_fit_and_show_red_flags_first(browser, live_server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    for name, path in PAGES.items():
        page.goto(live_server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        if width != 360:
            os.makedirs(ARTIFACTS, exist_ok=True)
            page.screenshot(path=os.path.join(ARTIFACTS, f"{name}-{width}.png"), full_page=True)
    page.goto(live_server + "/guide/conditions/sciatica")
    flags = page.get_by_role("heading", name="See a doctor first if…")
    expect(flags).to_be_in_viewport()
    suited = page.get_by_role("heading", name="Massage types people choose")
    assert flags.bounding_box()["y"] < suited.bounding_box()["y"]
    context.close()


def test_place_box_finds_centers_offering_the_suited_types(page, live_server):
    page.goto(live_server + "/guide/conditions/lower-back-pain")
    page.get_by_label("Your area or city").fill("Clifton, Karachi")
    page.get_by_role("button", name="Find centers").click()
    expect(page).to_have_url(re.compile(r"/search/\?service=deep-tissue&.*near=Clifton"))
    expect(page.locator("#result-list")).to_contain_text("Spa")
