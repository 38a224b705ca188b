"""Command-line tasks: create-admin refuses weak passwords and duplicates; seed is idempotent and says so."""
from sqlalchemy import select

from directory.extensions import db
from directory.models import User


def test_create_admin_makes_a_verified_admin(runner):
    result = runner.invoke(args=["create-admin", "--email", "Boss@Example.com", "--name", "Boss"],
                           input="correct horse battery staple\ncorrect horse battery staple\n")
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(select(User).where(User.email == "boss@example.com"))
    assert admin.role == "admin" and admin.email_verified_at is not None
    assert admin.password_hash.startswith("$argon2id$")


def test_create_admin_refuses_a_common_password(runner):
    result = runner.invoke(args=["create-admin", "--email", "a@example.com"], input="password123\npassword123\n")
    assert result.exit_code != 0 and "common" in result.output
    assert db.session.scalar(select(User)) is None


def test_create_admin_refuses_a_second_account_for_the_same_email(runner, factories):
    factories.user(email="taken@example.com")
    result = runner.invoke(args=["create-admin", "--email", "TAKEN@example.com"],
                           input="correct horse battery staple\ncorrect horse battery staple\n")
    assert result.exit_code != 0 and "already exists" in result.output


def test_seed_if_empty_loads_once(runner):
    first = runner.invoke(args=["seed", "--if-empty"])
    assert "Loaded" in first.output and "sample data" in first.output
    second = runner.invoke(args=["seed", "--if-empty"])
    assert "already has centers" in second.output
