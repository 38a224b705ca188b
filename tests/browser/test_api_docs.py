"""The API reference page renders Swagger UI from the OpenAPI document under the CSP, on a phone and a desktop."""
import pytest
from playwright.sync_api import expect

from .test_csp import csp_violations


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
def test_api_reference_renders_every_operation_without_console_errors(page, live_server, screenshot, width, height):
    page.set_viewport_size({"width": width, "height": height})
    messages: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text} {message.location['url']}"))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server + "/")
    page.get_by_role("link", name="API", exact=True).click()  # linked from the footer
    response_url = page.url
    assert response_url.endswith("/api/v1/docs")
    expect(page.locator(".swagger-ui .opblock-summary-path").first).to_be_visible(timeout=20000)
    paths = page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert {"/api/v1/centers", "/api/v1/centers/{slug}", "/api/v1/places"} <= {p.strip() for p in paths}
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Sukoon public API")
    search_path = page.locator(".opblock-summary-path", has_text="/api/v1/centers")
    page.locator(".swagger-ui .opblock-summary", has=search_path).first.click()  # the search: its parameters show
    expect(page.locator(".swagger-ui .parameters").first).to_be_visible()
    errors = [m for m in messages if m.startswith(("error", "pageerror")) and not m.endswith("/favicon.ico")]
    assert csp_violations(messages) == [] and errors == [], messages  # (the site has no favicon yet)
    assert all(url.startswith(live_server) for url in requests), requests  # no CDN, no validator badge
    assert page.evaluate("document.scrollingElement.scrollWidth") <= max(width, 360) + 1
    screenshot(f"api-docs-{width}x{height}")
