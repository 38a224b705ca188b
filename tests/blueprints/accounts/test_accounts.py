"""Accounts pages: register and verify, log in without leaking who has an account, safe `next`, password reset."""
import logging

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from directory.extensions import db, limiter
from directory.models import User

from ..account_steps import PASSWORD, login, mail_links, register


@pytest.fixture(autouse=True)
def mail_log(app, tmp_path):
    app.config["MAIL_LOG_PATH"] = str(tmp_path / "mail.log")
    return tmp_path / "mail.log"


def user_by_email(email):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def test_register_mails_a_verification_link_that_verifies_once_and_signs_in(client, mail_log):
    response = register(client)
    assert response.status_code == 302 and response.location.endswith("/accounts/login")
    user = user_by_email("hina@example.com")
    assert user.email_verified_at is None and user.password_hash.startswith("$argon2id$")
    html = client.get(response.location).get_data(as_text=True)
    assert "we sent a link to hina@example.com" in html
    [link] = mail_links(mail_log)
    assert "/accounts/verify/" in link and "To: hina@example.com" in mail_log.read_text()
    assert client.get(link).status_code == 302
    assert user_by_email("hina@example.com").email_verified_at is not None
    html = client.get("/accounts/me").get_data(as_text=True)  # the link finished the registration: signed in
    assert "Email verified" in html and "Hina" in html
    client.get(link)
    assert "already used" in client.get("/accounts/me").get_data(as_text=True)


@pytest.mark.parametrize("email", ["hina@example.com", "HINA@EXAMPLE.COM", "Hina@Example.com"])
def test_register_with_a_taken_email_answers_as_for_a_new_one_and_mails_the_owner(client, factories, mail_log,
                                                                                  email):
    factories.user(email="hina@example.com", password=PASSWORD, display_name="Hina")
    taken = register(client, email=email, name="Someone")
    fresh = register(client.application.test_client(), email="new.person@example.com", name="Someone")
    assert taken.status_code == fresh.status_code == 302 and taken.location == fresh.location
    taken_page = client.get(taken.location).get_data(as_text=True)
    assert "already exists" not in taken_page and "we sent a link to hina@example.com" in taken_page
    assert len(db.session.scalars(select(User)).all()) == 2  # the owner's and the new person's, nothing else
    owner_mail = mail_log.read_text().split("-" * 72)[0]
    assert "To: hina@example.com" in owner_mail and "Someone tried to create" in owner_mail
    assert "/accounts/verify/" not in owner_mail and "/accounts/forgot" in owner_mail
    assert login(client.application.test_client(), "hina@example.com").status_code == 302  # password unchanged


@pytest.mark.parametrize(("password", "confirm", "message"), [
    ("short", None, "at least 8"),
    ("password123", None, "most common"),
    ("sukoon2024", None, "site&#39;s name"),
    ("hina hina 1", None, "your own name"),
    ("a long enough phrase", "a different phrase", "not the same"),
])
def test_register_refuses_bad_passwords_with_a_form_error(client, password, confirm, message):
    response = register(client, password=password, confirm=confirm)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert user_by_email("hina@example.com") is None


@pytest.mark.parametrize("data", [
    {"email": "not-an-email", "display_name": "Hina"},
    {"email": "hina@example.com", "display_name": "H"},
    {"email": "hina@example.com", "display_name": "x" * 61},
    {"email": ("x" * 250) + "@example.com", "display_name": "Hina"},
])
def test_register_validates_lengths_and_shapes(client, data):
    response = client.post("/accounts/register", data={**data, "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 200 and "field-error" in response.get_data(as_text=True)


def test_every_field_has_a_label(client):
    for url in ("/accounts/register", "/accounts/login", "/accounts/forgot"):
        html = client.get(url).get_data(as_text=True)
        for name in ("email", "password", "display_name", "confirm"):
            if f'name="{name}"' in html:
                assert f'for="{name}"' in html, (url, name)
        if 'name="remember"' in html:
            assert '<label class="check"><input id="remember"' in html  # the label wraps the checkbox


def test_wrong_password_and_unknown_email_answer_identically(client, factories):
    unknown = login(client, "hina@example.com", "a guess at it")
    factories.user(email="hina@example.com", password=PASSWORD)
    limiter.reset()
    wrong = login(client, "hina@example.com", "a guess at it")
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.get_data() == wrong.get_data()
    assert "not right" in wrong.get_data(as_text=True)
    assert sorted(unknown.headers.keys()) == sorted(wrong.headers.keys())


def test_login_and_the_security_log_without_the_password(client, factories, caplog):
    factories.user(email="hina@example.com", password=PASSWORD, display_name="Hina")
    caplog.set_level(logging.INFO, logger="directory.security")
    login(client, "hina@example.com", "a guess at it")
    response = login(client, "HINA@example.com")
    assert response.status_code == 302 and response.location == "/"
    assert ">Hina</a>" in client.get("/").get_data(as_text=True)
    events = [record.getMessage() for record in caplog.records if record.name == "directory.security"]
    assert any("event=login_failed" in event for event in events)
    assert any("event=login " in event for event in events)
    assert not any(PASSWORD in event or "a guess at it" in event for event in events)


def test_unverified_members_can_log_in_and_are_asked_to_verify(client, factories):
    factories.user(email="hina@example.com", password=PASSWORD, verified=False)
    assert login(client, "hina@example.com").status_code == 302
    assert "Please verify your email address" in client.get("/").get_data(as_text=True)


def test_sample_users_cannot_log_in(client, factories):
    factories.user(email="sample@example.com", is_sample=True)
    factories.user(email="sample2@example.com", is_sample=True, password=PASSWORD)
    for email in ("sample@example.com", "sample2@example.com"):
        response = login(client, email, PASSWORD)
        assert response.status_code == 200 and "not right" in response.get_data(as_text=True)
    assert client.get("/accounts/me").status_code == 302


def test_login_rehashes_an_old_parameter_hash(client, factories):
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    factories.user(email="hina@example.com", password_hash=weak)
    assert login(client, "hina@example.com").status_code == 302
    stored = user_by_email("hina@example.com").password_hash
    assert stored != weak and stored.startswith("$argon2id$") and "m=8192" not in stored


def test_login_starts_a_clean_session(client, factories):
    factories.user(email="hina@example.com", password=PASSWORD)
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, "hina@example.com")
    with client.session_transaction() as session:
        assert "planted" not in session and session["_user_id"]


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "https://evil.example",
                                    "javascript:alert(1)", "/\t/evil.example", "///evil.example", "evil.example",
                                    "http:/evil.example", " //evil.example"])
def test_next_never_leaves_the_site(client, factories, target):
    factories.user(email="hina@example.com", password=PASSWORD)
    response = login(client, "hina@example.com", next_=target)
    assert response.status_code == 302 and response.location == "/"


@pytest.mark.parametrize("target", ["/centers/x", "/search/?q=clifton&open_now=1"])
def test_next_on_this_site_is_honoured(client, factories, target):
    factories.user(email="hina@example.com", password=PASSWORD)
    response = login(client, "hina@example.com", next_=target)
    assert response.location == target


def test_pages_for_members_send_visitors_to_log_in_and_back(client, factories):
    response = client.get("/accounts/me")
    assert response.status_code == 302 and response.location.startswith("/accounts/login?next=")
    factories.user(email="hina@example.com", password=PASSWORD)
    assert client.post(response.location, data={"email": "hina@example.com", "password": PASSWORD}
                       ).location == "/accounts/me"


def test_password_reset_end_to_end_and_single_use(client, factories, mail_log):
    factories.user(email="hina@example.com", password=PASSWORD, verified=False)
    response = client.post("/accounts/forgot", data={"email": "Hina@example.com"})
    assert response.status_code == 302 and response.location == "/accounts/login"
    [link] = mail_links(mail_log)
    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": "a new quiet evening", "confirm": "a new quiet evening"})
    assert response.status_code == 302 and response.location == "/accounts/login"
    assert user_by_email("hina@example.com").email_verified_at is not None  # the link proved the mailbox
    assert login(client, "hina@example.com").status_code == 200  # the old password is gone
    assert login(client, "hina@example.com", "a new quiet evening").status_code == 302
    again = client.post(link, data={"password": "yet another phrase", "confirm": "yet another phrase"})
    assert again.status_code == 302 and again.location == "/accounts/forgot"
    assert client.get(link).location == "/accounts/forgot"


def test_reset_refuses_a_weak_password(client, factories, mail_log):
    factories.user(email="hina@example.com", password=PASSWORD)
    client.post("/accounts/forgot", data={"email": "hina@example.com"})
    [link] = mail_links(mail_log)
    response = client.post(link, data={"password": "password1", "confirm": "password1"})
    assert response.status_code == 200 and "most common" in response.get_data(as_text=True)


def test_forgot_password_answers_the_same_for_unknown_addresses(client, factories, mail_log):
    factories.user(email="hina@example.com", password=PASSWORD)
    factories.user(email="sample@example.com", is_sample=True)
    answers = []
    for email in ("hina@example.com", "nobody@example.com", "sample@example.com"):
        response = client.post("/accounts/forgot", data={"email": email}, follow_redirects=True)
        answers.append((response.status_code, response.get_data()))
    assert answers[0] == answers[1] == answers[2]
    assert len(mail_links(mail_log)) == 1  # only the real, non-sample account got mail


def test_profile_lists_my_reviews_and_role(client, auth, factories):
    me = factories.user(display_name="Hina")
    center = factories.center(name="Tranquil Spa")
    factories.review(center, author=me, title="Lovely hot stone", rating=5)
    factories.review(factories.center(name="Other Spa"), title="Not mine")
    auth.login_as(me)
    html = client.get("/accounts/me").get_data(as_text=True)
    assert "Lovely hot stone" in html and "Tranquil Spa" in html and f'/centers/{center.slug}"' in html
    assert "★★★★★" in html and "Published" in html and "Member" in html
    assert "Not mine" not in html
