"""Headless Chromium (Debian's package) driven by Playwright against a live server on the sample data."""
import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "browser" in item.nodeid.split("/"):
            item.add_marker(pytest.mark.browser)
    if CHROMIUM:
        return
    if os.environ.get("SUKOON_REQUIRE_BROWSER"):
        raise pytest.UsageError("SUKOON_REQUIRE_BROWSER is set but no chromium is installed: apt-get install chromium")
    skip = pytest.mark.skip(reason="Chromium not installed: run `apt-get install -y chromium` to run browser tests")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}


@pytest.fixture(scope="session")
def live_server(seeded_app):
    server = make_server("127.0.0.1", 0, seeded_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-artifacts/ for a person to look at."""
    os.makedirs(ARTIFACTS, exist_ok=True)

    def take(name: str) -> str:
        path = os.path.abspath(os.path.join(ARTIFACTS, f"{name}.png"))
        page.screenshot(path=path, full_page=True)
        return path

    return take
