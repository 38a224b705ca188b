"""A massage type's guide page on a phone: the centers offering it read as one block each (name, area, rating,
price), not as a four-column table squeezed to 390 px that breaks names mid-word; on a wide screen it stays a table."""
import os

from .conftest import ARTIFACTS


def open_guide(browser, base: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500)
    page = context.new_page()
    page.goto(base + "/guide/deep-tissue")
    page.locator("table").first.scroll_into_view_if_needed()
    return context, page


def test_on_a_phone_each_center_offering_the_type_is_one_readable_block(browser, live_server):
    context, page = open_guide(browser, live_server, 390, 844)
    row = page.locator("table tbody tr").first
    name, price = row.locator("th").bounding_box(), row.locator("td.num").bounding_box()
    assert name["width"] >= 300  # the name has the row's whole width
    assert price["y"] > name["y"] + name["height"] - 1  # the price below it, not squeezed beside it
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, "phone-guide-390x844.png"))
    context.close()


def test_on_a_wide_screen_the_centers_stay_a_table(browser, live_server):
    context, page = open_guide(browser, live_server, 1280, 900)
    row = page.locator("table tbody tr").first
    name, price = row.locator("th").bounding_box(), row.locator("td.num").bounding_box()
    assert abs(name["y"] - price["y"]) < 10 and price["x"] > name["x"] + name["width"]
    page.screenshot(path=os.path.join(ARTIFACTS, "guide-1280x900.png"))
    context.close()
