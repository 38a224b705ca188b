"""The owner's insight charts at 390x844 and 1280x900: three SVG charts that fit, their figures a tap away."""
import os
import threading
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from directory import insights_buffer
from directory.extensions import db
from directory.models import CenterWeeklyStats
from directory.passwords import hash_password

from ..conftest import make_app
from ..factories import Factories
from .conftest import ARTIFACTS

PASSWORD = "harbour lights at dusk 2026"
EMAIL = "charts.owner@example.com"


@pytest.fixture(scope="module")
def charts_server(databases):
    app = make_app(databases.new("owner_charts"), SERVER_NAME=None)
    with app.app_context():
        db.create_all()
        factories = Factories(db.session)
        center = factories.center(name="Chart Spa", slug="chart-spa")
        factories.manager(center, factories.user(email=EMAIL, role="owner", password_hash=hash_password(PASSWORD)))
        week = insights_buffer.this_week()
        db.session.add_all(CenterWeeklyStats(center_id=center.id, week_start=week - timedelta(weeks=ago),
                                             page_views=30 + 17 * (ago % 3), search_appearances=200 - 9 * ago,
                                             contact_clicks=ago % 4) for ago in range(9))
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
def test_the_charts_fit_and_their_figures_open(browser, charts_server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500)
    page = context.new_page()
    page.goto(charts_server + "/accounts/login")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(charts_server + "/manage/centers/chart-spa")
    charts = page.locator("svg.bar-chart")
    expect(charts).to_have_count(3)
    for index in range(3):
        box = charts.nth(index).bounding_box()
        assert box["width"] > 200 and box["x"] + box["width"] <= width
    expect(page.get_by_role("img", name="Search appearances")).to_be_visible()
    page.get_by_text("Show the figures").first.click()
    expect(page.locator("#chart-page_views-table")).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    page.locator(".insight-charts").scroll_into_view_if_needed()
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, f"owner-charts-{width}x{height}.png"), full_page=True)
    page.goto(charts_server + "/ur/manage/centers/chart-spa")  # right to left: the charts still fit
    expect(page.get_by_role("img", name="سرچ نتائج میں ظاہر ہوا")).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    page.locator(".insight-charts").scroll_into_view_if_needed()
    page.screenshot(path=os.path.join(ARTIFACTS, f"owner-charts-urdu-{width}x{height}.png"))
    context.close()
