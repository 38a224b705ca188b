"""The one search box in a real browser: needs and places typed in plain words, on a phone and a desktop."""
import os

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS

SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


def no_tiles(page):
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())


def shoot(page, name):
    """A full-page screenshot of this page (the shared fixture shoots the default page) under test-artifacts/."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, f"{name}.png"), full_page=True)


def fits(page, width):
    return page.evaluate("document.scrollingElement.scrollWidth") <= width


@pytest.mark.parametrize("size", SIZES)
def test_sciatica_near_clifton_reads_as_a_need_and_a_place(browser, live_server, size):
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height})
    no_tiles(page)
    page.goto(live_server + "/")
    page.get_by_label("What you need and where").fill("sciatica near Clifton")
    page.get_by_role("button", name="Search").first.click()
    expect(page.locator(".understood")).to_contain_text("Sciatica")
    expect(page.locator(".understood")).to_contain_text("near Clifton, Karachi")
    expect(page.locator(".red-flags")).to_contain_text("See a doctor first")
    suited = page.locator(".result .suited")
    assert suited.count() == page.locator(".result").count() > 0
    expect(suited.first).to_contain_text("often chosen for sciatica")
    assert fits(page, width)
    shoot(page, f"box-sciatica-clifton-{size}")
    page.set_viewport_size({"width": 360, "height": 780})
    assert fits(page, 360)


@pytest.mark.parametrize("size", SIZES)
def test_women_only_thai_gulshan_and_removing_a_part(browser, live_server, size):
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height})
    no_tiles(page)
    page.goto(live_server + "/search/?q=women+only+thai+gulshan")
    understood = page.locator(".understood")
    expect(understood).to_contain_text("women only or women's section")
    expect(understood).to_contain_text("near Gulshan-e-Iqbal, Karachi")
    assert page.locator(".result").count() > 0 and fits(page, width)
    shoot(page, f"box-women-thai-gulshan-{size}")
    page.get_by_role("link", name="Remove Thai").click()
    expect(page.locator(".understood")).not_to_contain_text("Thai")
    expect(page.locator("#q")).to_have_value("women only gulshan")
