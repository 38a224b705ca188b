"""Account operations: registration rules, authentication that gives nothing away, password changes."""
import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import User
from directory.passwords import needs_rehash
from directory.services import accounts
from directory.services.accounts import WeakPassword, WrongPassword

PASSWORD = "quiet tea in clifton"


def test_register_creates_an_unverified_member_with_an_argon2id_hash(app):
    registration = accounts.register(db.session, "  Hina@Example.COM ", " Hina ", PASSWORD)
    db.session.commit()
    user = registration.user
    assert registration.created
    assert (user.email, user.display_name, user.role) == ("hina@example.com", "Hina", "member")
    assert user.email_verified_at is None and not user.is_sample
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


@pytest.mark.parametrize("email", ["hina@example.com", "HINA@example.com", "Hina@Example.Com", " hina@example.com"])
def test_register_with_a_taken_email_in_any_case_names_the_owner_and_creates_nothing(factories, email):
    owner = factories.user(email="hina@example.com")
    registration = accounts.register(db.session, email, "Hina again", PASSWORD)
    assert registration.user == owner and not registration.created
    assert db.session.scalar(select(func.count(User.id))) == 1


@pytest.mark.parametrize("password", ["short", "password123", "sukoon2024", "hina12345"])
def test_register_refuses_a_weak_password(app, password):
    with pytest.raises(WeakPassword):
        accounts.register(db.session, "hina@example.com", "Hina", password)


def test_authenticate_with_the_right_password(factories):
    user = factories.user(email="hina@example.com", password=PASSWORD)
    assert accounts.authenticate(db.session, "HINA@example.com", PASSWORD) == user


@pytest.mark.parametrize(("email", "password"), [
    ("hina@example.com", "the wrong password"),
    ("nobody@example.com", PASSWORD),
    ("", ""),
])
def test_authenticate_refuses_without_saying_why(factories, email, password):
    factories.user(email="hina@example.com", password=PASSWORD)
    assert accounts.authenticate(db.session, email, password) is None


def test_unknown_email_still_costs_a_hash_check(factories, monkeypatch):
    checked = []
    monkeypatch.setattr(accounts, "verify_password", lambda stored, given: checked.append(stored) or False)
    assert accounts.authenticate(db.session, "nobody@example.com", PASSWORD) is None
    assert checked and checked[0].startswith("$argon2id$")


def test_sample_users_never_log_in(factories):
    factories.user(email="sample@example.com", is_sample=True)
    sample_with_hash = factories.user(email="sample2@example.com", is_sample=True, password=PASSWORD)
    assert accounts.authenticate(db.session, "sample@example.com", "") is None
    assert accounts.authenticate(db.session, sample_with_hash.email, PASSWORD) is None


def test_login_rehashes_an_old_parameter_hash(factories):
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    user = factories.user(password_hash=weak)
    assert accounts.authenticate(db.session, user.email, PASSWORD) == user
    assert user.password_hash != weak and user.password_hash.startswith("$argon2id$")
    assert not needs_rehash(user.password_hash)
    assert accounts.authenticate(db.session, user.email, PASSWORD) == user


def test_change_password_checks_the_current_one_and_revokes_sessions(factories):
    user = factories.user(password=PASSWORD)
    version = user.session_version
    with pytest.raises(WrongPassword):
        accounts.change_password(db.session, user, "not my password", "a brand new phrase")
    with pytest.raises(WeakPassword):
        accounts.change_password(db.session, user, PASSWORD, "password1")
    assert user.session_version == version
    accounts.change_password(db.session, user, PASSWORD, "a brand new phrase")
    assert user.session_version == version + 1
    assert accounts.authenticate(db.session, user.email, "a brand new phrase") == user
    assert accounts.authenticate(db.session, user.email, PASSWORD) is None


def test_reset_password_sets_the_password_verifies_the_email_and_revokes(factories):
    user = factories.user(password=PASSWORD, verified=False)
    version = user.session_version
    accounts.reset_password(db.session, user, "a brand new phrase")
    assert user.email_verified_at is not None and user.session_version == version + 1
    assert accounts.authenticate(db.session, user.email, "a brand new phrase") == user


def test_reset_password_is_refused_for_sample_users(factories):
    with pytest.raises(accounts.AccountError):
        accounts.reset_password(db.session, factories.user(is_sample=True), "a brand new phrase")


def test_verify_email_once(factories):
    user = factories.user(verified=False)
    assert accounts.verify_email(db.session, user) is True
    assert accounts.verify_email(db.session, user) is False


def test_a_registration_race_on_one_email_is_a_duplicate_not_a_crash(factories, monkeypatch):
    owner = factories.user(email="hina@example.com")
    monkeypatch.setattr(accounts, "find_by_email", lambda session, email: None)  # the other request won the race
    registration = accounts.register(db.session, "Hina@example.com", "Hina", PASSWORD)
    assert registration.user == owner and not registration.created
    db.session.commit()  # the session is still usable
    assert db.session.scalar(select(func.count(User.id))) == 1
