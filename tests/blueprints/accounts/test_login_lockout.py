"""Strangers cannot lock an owner out (OWASP device cookies), and guessing from a known browser stays limited."""
import pytest

from ..account_steps import HOST, PASSWORD, client_with, login

DEVICE = "sukoon_device"


def device_cookie(client) -> str | None:
    found = client.get_cookie(DEVICE, domain=HOST, path="/accounts/")
    return found.value if found else None


@pytest.fixture
def hina(factories):
    return factories.user(email="hina@example.com", password=PASSWORD, display_name="Hina")


def from_elsewhere(app):
    stranger = app.test_client()
    stranger.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    return stranger


def owners_browser(app):
    """A browser that logged in successfully before (and logged out again): it holds a device cookie."""
    browser = app.test_client()
    assert login(browser, "hina@example.com").status_code == 302
    browser.post("/accounts/logout")
    assert device_cookie(browser)
    return browser


def test_a_stranger_guessing_does_not_lock_the_owner_out_of_a_known_browser(app, hina):
    browser = owners_browser(app)
    stranger = from_elsewhere(app)
    statuses = [login(stranger, "hina@example.com", "a guess").status_code for _ in range(5)]
    assert statuses[-1] == 429  # the owner's earlier login counts too: 5 a minute per account
    assert login(stranger, "hina@example.com", PASSWORD).status_code == 429  # the account is throttled for them
    assert login(browser, "hina@example.com").status_code == 302  # ...but not for the owner's browser


def test_a_known_browser_guessing_is_limited_too(app, hina):
    browser = owners_browser(app)
    for _ in range(5):
        assert login(browser, "hina@example.com", "a guess").status_code == 200
    assert login(browser, "hina@example.com").status_code == 429


def test_a_device_cookie_for_another_account_or_forged_does_not_help(app, hina, factories):
    factories.user(email="ali@example.com", password=PASSWORD, display_name="Ali")
    alis = app.test_client()
    assert login(alis, "ali@example.com").status_code == 302
    stolen_elsewhere = device_cookie(alis)
    stranger = from_elsewhere(app)
    for _ in range(5):
        login(stranger, "hina@example.com", "a guess")
    assert login(stranger, "hina@example.com", PASSWORD).status_code == 429
    for value in (stolen_elsewhere, stolen_elsewhere[:-4] + "AAAA", "not-a-cookie"):
        other = client_with(app)
        other.set_cookie(DEVICE, value, domain=HOST, path="/accounts/")
        assert login(other, "hina@example.com").status_code == 429


def test_the_device_cookie_is_httponly_lax_and_scoped_to_the_account_pages(app, hina):
    response = login(app.test_client(), "hina@example.com")
    header = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith(f"{DEVICE}="))
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/accounts/" in header
    assert "hina" not in header.split(";")[0]  # signed, but no address in plain text

