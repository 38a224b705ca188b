"""Fixtures: an app per test on a clean database, a seeded app shared by read-only tests, factories."""
import os
import tempfile

import pytest
from flask import current_app, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import text

from directory import PROJECT_ROOT, create_app
from directory.extensions import db
from directory.services.seeding import load_seeds

from .databases import BACKEND, TestDatabases
from .factories import Factories


class FreshContextClient(FlaskClient):
    """A test client whose every request runs in an app context of its own, as in production.

    Fixtures keep an app context pushed for the test's own database work; without this a request would reuse it,
    sharing `g` (Flask-Login's cached user) and the database session with the test and with the previous request.
    The request's context is popped when its response is returned; a streamed body read later runs in the
    test's context, as it would in the server's. Afterwards the test's own session forgets what it had loaded,
    so the test reads what the request stored, not its earlier copies.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if has_app_context() and current_app._get_current_object() is self.application:
            db.session.expire_all()
        return response


def make_app(database_url: str, **overrides):
    """An app for tests: each request gets its own app context (so its own `g`, user and session)."""
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "sukoon.test",
        "CACHE_TYPE": "NullCache",  # tests change data between requests; test_result_cache turns it on
        "MAIL_LOG_PATH": os.path.join(tempfile.mkdtemp(prefix="sukoon-mail-"), "mail.log"),
        "UPLOAD_FOLDER": tempfile.mkdtemp(prefix="sukoon-uploads-"),
        **overrides,
    })
    app.test_client_class = FreshContextClient
    return app


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    manager = TestDatabases(tmp_path_factory.mktemp("databases"))
    yield manager
    manager.drop_all()


@pytest.fixture(scope="session")
def empty_database_url(databases):
    """One database with the schema, emptied before every test that uses `app`."""
    url = databases.new("empty")
    app = make_app(url)
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return url


def _empty_tables() -> None:
    tables = [table.name for table in reversed(db.metadata.sorted_tables)]
    if BACKEND == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(text(f"DELETE FROM {table}"))
        # statistics a test's ANALYZE left (of its own tables' rows) would steer the next tests' plans
        if db.session.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first():
            db.session.execute(text("DELETE FROM sqlite_stat1"))
            db.session.execute(text("ANALYZE sqlite_schema"))  # reload: no statistics
    db.session.commit()


@pytest.fixture
def app(empty_database_url):
    app = make_app(empty_database_url)
    with app.app_context():
        _empty_tables()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def factories(app):
    return Factories(db.session)


@pytest.fixture(scope="session")
def seeded_app(databases):
    """The sample data loaded once; tests using it must not change it."""
    url = databases.new("seeded")
    app = make_app(url, SERVER_NAME=None)
    with app.app_context():
        db.create_all()
        load_seeds(db.session, PROJECT_ROOT / "seeds", timezone="Asia/Karachi")
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def seeded_client(seeded_app):
    return seeded_app.test_client()


class AuthActions:
    """Sign a test client in as a user without going through the login form (that has its own tests)."""

    def __init__(self, client):
        self.client = client

    def login_as(self, user) -> None:
        with self.client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True

    def logout(self) -> None:
        with self.client.session_transaction() as session:
            session.clear()


@pytest.fixture
def auth(client):
    return AuthActions(client)
