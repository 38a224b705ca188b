"""The Content-Security-Policy holds in a real browser: the maps still work and nothing is blocked."""
import pytest
from playwright.sync_api import expect

PAGES = ["/", "/search/?q=Clifton", "/centers/the-raintree-spa", "/guide/", "/accounts/login", "/accounts/register",
         "/centers/the-raintree-spa/reviews", "/no-such-page"]


@pytest.fixture
def console(page):
    """Every console message and page error, to find CSP violations (Chromium reports them on the console)."""
    messages: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())  # no internet for tiles here
    return messages


def csp_violations(messages: list[str]) -> list[str]:
    return [text for text in messages if "Content Security Policy" in text or "Refused to" in text]


def test_center_map_renders_its_marker_under_the_policy(page, live_server, console):
    response = page.goto(live_server + "/centers/the-raintree-spa")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("#center-map .leaflet-marker-icon")).to_have_count(1, timeout=15000)
    expect(page.locator("#center-map .leaflet-marker-icon")).to_have_attribute("alt", "The Raintree Spa")
    assert page.locator("#center-map .leaflet-marker-icon").evaluate("el => el.style.transform") != ""  # placed
    assert csp_violations(console) == [], console


def test_search_map_renders_its_markers_under_the_policy(page, live_server, console):
    page.goto(live_server + "/search/?q=Clifton")
    expect(page.locator("#results-map .leaflet-marker-icon").first).to_be_visible(timeout=15000)
    assert csp_violations(console) == [], console


@pytest.mark.parametrize("path", PAGES)
def test_no_page_breaks_the_policy(page, live_server, console, path):
    page.goto(live_server + path)
    page.wait_for_load_state("load")
    assert csp_violations(console) == [], console


def test_the_browser_enforces_the_policy(page, live_server, console):
    """The check above can see a violation: an injected inline script is refused and reported."""
    page.goto(live_server + "/centers/the-raintree-spa")
    page.evaluate("""() => { const script = document.createElement("script");
                             script.textContent = "window.injected = true;"; document.body.appendChild(script); }""")
    expect(page.locator("#center-map .leaflet-marker-icon")).to_have_count(1)
    assert page.evaluate("window.injected === undefined")
    assert any("script-src" in text for text in csp_violations(console)), console
