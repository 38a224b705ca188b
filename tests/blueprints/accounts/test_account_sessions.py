"""Sessions and limits: cookies, logout and password changes that revoke copies, rate limits that expire."""
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest

from ..account_steps import PASSWORD, client_with, cookie, login, mail_links


@pytest.fixture(autouse=True)
def mail_log(app, tmp_path):
    app.config["MAIL_LOG_PATH"] = str(tmp_path / "mail.log")
    return tmp_path / "mail.log"


@pytest.fixture
def hina(factories):
    return factories.user(email="hina@example.com", password=PASSWORD, display_name="Hina")


def set_cookie_header(response, name):
    return next(value for value in response.headers.getlist("Set-Cookie") if value.startswith(f"{name}="))


def signed_in(client) -> bool:
    return client.get("/accounts/me").status_code == 200


def test_session_and_remember_cookies_are_httponly_lax_and_at_most_30_days(client, hina):
    response = login(client, "hina@example.com", remember=True)
    session_cookie = set_cookie_header(response, "session")
    remember = set_cookie_header(response, "remember_token")
    for header in (session_cookie, remember):
        assert "HttpOnly" in header and "SameSite=Lax" in header
    expires = parsedate_to_datetime(remember.split("Expires=")[1].split(";")[0])
    assert expires <= datetime.now(UTC) + timedelta(days=30, minutes=1)
    assert expires >= datetime.now(UTC) + timedelta(days=29)


def test_no_remember_cookie_unless_asked(client, hina):
    response = login(client, "hina@example.com")
    assert not any(value.startswith("remember_token=") for value in response.headers.getlist("Set-Cookie"))


def test_the_remember_cookie_alone_signs_in(app, client, hina):
    login(client, "hina@example.com", remember=True)
    assert signed_in(client_with(app, remember_token=cookie(client, "remember_token")))


def test_logout_is_post_only(client, hina):
    login(client, "hina@example.com")
    assert client.get("/accounts/logout").status_code == 405
    assert signed_in(client)


def test_logout_without_csrf_token_is_refused(app, client, hina):
    login(client, "hina@example.com")
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/accounts/logout").status_code == 400
    assert signed_in(client)


def test_logout_kills_copied_session_and_remember_cookies(app, client, hina):
    login(client, "hina@example.com", remember=True)
    copied = {"session": cookie(client, "session"), "remember_token": cookie(client, "remember_token")}
    response = client.post("/accounts/logout")
    assert response.status_code == 302 and not signed_in(client)
    assert cookie(client, "remember_token") is None
    response = client_with(app, session=copied["session"]).get("/accounts/me")
    assert response.status_code == 302 and response.location.startswith("/accounts/login")
    assert not signed_in(client_with(app, remember_token=copied["remember_token"]))


def test_changing_the_password_revokes_other_sessions_but_not_this_one(app, client, hina):
    login(client, "hina@example.com", remember=True)
    copied = {"session": cookie(client, "session"), "remember_token": cookie(client, "remember_token")}
    response = client.post("/accounts/password", data={"current_password": PASSWORD, "password": "a new quiet evening",
                                                       "confirm": "a new quiet evening"})
    assert response.status_code == 302 and response.location == "/accounts/me"
    assert signed_in(client)
    assert signed_in(client_with(app, remember_token=cookie(client, "remember_token")))  # re-issued for this device
    assert not signed_in(client_with(app, session=copied["session"]))
    assert not signed_in(client_with(app, remember_token=copied["remember_token"]))


def test_changing_the_password_needs_the_current_one(client, auth, hina):
    auth.login_as(hina)
    response = client.post("/accounts/password", data={"current_password": "a guess", "password": "a new quiet evening",
                                                       "confirm": "a new quiet evening"})
    assert response.status_code == 200 and "not your current password" in response.get_data(as_text=True)
    assert login(client_with(client.application), "hina@example.com").status_code == 302


def test_a_reset_signs_out_every_device(app, client, hina, mail_log):
    login(client, "hina@example.com")
    other = app.test_client()
    other.post("/accounts/forgot", data={"email": "hina@example.com"})
    [link] = mail_links(mail_log)
    other.post(link, data={"password": "a new quiet evening", "confirm": "a new quiet evening"})
    assert not signed_in(client)


def test_the_sixth_login_for_one_account_in_a_minute_is_429(client, hina):
    for _ in range(5):
        assert login(client, "hina@example.com", "a guess").status_code == 200
    response = login(client, "HINA@example.com", PASSWORD)  # the right password does not help now
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    html = response.get_data(as_text=True)
    assert "Too many attempts" in html and "nothing has been locked" in html
    assert login(client, "someone-else@example.com", "a guess").status_code == 200  # per account, not global


def test_logins_are_limited_per_client_too(client, factories):
    for number in range(10):
        assert login(client, f"user{number}@example.com", "a guess").status_code == 200
    assert login(client, "user10@example.com", "a guess").status_code == 429


def test_only_posts_count_towards_the_login_limit(client, hina):
    for _ in range(15):
        assert client.get("/accounts/login").status_code == 200
    assert login(client, "hina@example.com").status_code == 302


def test_the_login_limit_lifts_after_its_window(app, client, hina):
    # A window long enough that three password checks fit in it even on a loaded machine (each costs argon2's time)
    app.config["RATELIMIT_LOGIN_ACCOUNT"] = "2 per 10 seconds"
    started = time.monotonic()
    assert login(client, "hina@example.com", "a guess").status_code == 200
    assert login(client, "hina@example.com", "a guess").status_code == 200
    assert login(client, "hina@example.com").status_code == 429
    time.sleep(max(0.0, 10.3 - (time.monotonic() - started)))
    assert login(client, "hina@example.com").status_code == 302


def test_registration_is_limited_per_client(client):
    for number in range(5):
        response = client.post("/accounts/register", data={"email": f"new{number}@example.com"})
        assert response.status_code == 200
    response = client.post("/accounts/register", data={"email": "new5@example.com"})
    assert response.status_code == 429 and "Retry-After" in response.headers


def test_forgot_password_is_limited_per_account(client, hina, mail_log):
    for _ in range(3):
        assert client.post("/accounts/forgot", data={"email": "hina@example.com"}).status_code == 302
    assert client.post("/accounts/forgot", data={"email": "Hina@Example.com"}).status_code == 429
    assert len(mail_links(mail_log)) == 3
    assert client.post("/accounts/forgot", data={"email": "other@example.com"}).status_code == 302


def test_resend_verification_sends_a_fresh_link_and_is_limited(client, factories, mail_log):
    factories.user(email="new@example.com", password=PASSWORD, verified=False)
    login(client, "new@example.com")
    for _ in range(3):
        assert client.post("/accounts/verify/resend").status_code == 302
    assert client.post("/accounts/verify/resend").status_code == 429
    links = mail_links(mail_log)
    assert len(links) == 3
    assert client.get(links[-1]).status_code == 302
    assert "Email verified" in client.get("/accounts/me").get_data(as_text=True)


def test_resend_needs_a_signed_in_member(client):
    response = client.post("/accounts/verify/resend")
    assert response.status_code == 302 and response.location.startswith("/accounts/login")


def test_rate_limit_hits_are_security_events(client, hina, caplog):
    caplog.set_level("INFO", logger="directory.security")
    for _ in range(6):
        login(client, "hina@example.com", "a guess")
    assert any("event=rate_limited" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize("url", ["/accounts/register", "/accounts/login", "/accounts/logout", "/accounts/forgot",
                                 "/accounts/verify/resend", "/accounts/password", "/accounts/reset/some-token"])
def test_every_account_post_needs_a_csrf_token(app, client, auth, hina, url):
    auth.login_as(hina)
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(url, data={"email": "hina@example.com", "password": PASSWORD})
    assert response.status_code == 400


def test_account_forms_carry_a_csrf_token_and_the_header_a_logout_form(app, client, hina):
    app.config["WTF_CSRF_ENABLED"] = True
    for url in ("/accounts/register", "/accounts/login", "/accounts/forgot"):
        assert 'name="csrf_token"' in client.get(url).get_data(as_text=True)
    html = client.get("/accounts/login").get_data(as_text=True)
    token = html.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert client.post("/accounts/login", data={"email": "hina@example.com", "password": PASSWORD,
                                                "csrf_token": token}).status_code == 302
    html = client.get("/accounts/me").get_data(as_text=True)
    assert 'action="/accounts/logout"' in html and 'name="csrf_token"' in html
