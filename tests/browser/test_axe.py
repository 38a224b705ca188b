"""axe-core over the public pages on a phone (390x844): no serious or critical accessibility violation.

axe.min.js comes from the npm registry (tests/browser/vendor/axe-core/VERSION); Playwright adds it to each page as a
script tag, in a browser context that bypasses the CSP for that one script: the site's own policy is unchanged.
"""
import json
import os

import pytest

from .conftest import ARTIFACTS

AXE = os.path.join(os.path.dirname(__file__), "vendor", "axe-core", "axe.min.js")
PAGES = {
    "home": "/",
    "results": "/search/?q=spa&near=Clifton",
    "center": "/centers/the-royal-spa",
    "reviews": "/centers/the-royal-spa/reviews",
    "guide": "/guide/",
    "condition": "/guide/conditions/sciatica",
    "therapist-search": "/therapists/?near=Clifton&gender=female",
    "home-urdu": "/ur/",
    "center-urdu": "/ur/centers/the-royal-spa",
}
BLOCKING = ("serious", "critical")


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=AXE)
    result = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => ({target: n.target.join(" "), summary: n.failureSummary}))}));
    }""")
    return result


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_violations(browser, live_server, name):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, bypass_csp=True)
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    response = page.goto(live_server + PAGES[name])
    assert response.status == 200
    page.wait_for_load_state("load")
    violations = run_axe(page)
    os.makedirs(ARTIFACTS, exist_ok=True)
    with open(os.path.join(ARTIFACTS, f"axe-{name}.json"), "w", encoding="utf-8") as report:
        json.dump(violations, report, indent=2, ensure_ascii=False)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, json.dumps(blocking, indent=2, ensure_ascii=False)
    context.close()
