"""Health and readiness probes: /healthz says the process is up, /readyz that the database is usable."""
import logging
from contextlib import contextmanager

import pytest
from flask_migrate import downgrade, upgrade

from directory.extensions import db, limiter

from ...conftest import make_app


@pytest.fixture
def fresh_app():
    """Build apps on databases a test chooses, and dispose of their engines afterwards."""
    made = []

    def make(url: str, **overrides):
        app = make_app(url, **overrides)
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


@contextmanager
def logging_kept():
    """migrations/env.py runs logging.config.fileConfig, which disables every existing logger (the app's too) and
    replaces the root handlers; undo that so later tests in this process still see the app's log records."""
    root = logging.getLogger()
    loggers = [logger for logger in root.manager.loggerDict.values() if isinstance(logger, logging.Logger)]
    disabled = {logger: logger.disabled for logger in loggers}
    handlers, level = root.handlers[:], root.level
    try:
        yield
    finally:
        for logger, was_disabled in disabled.items():
            logger.disabled = was_disabled
        root.handlers[:] = handlers
        root.setLevel(level)


def test_healthz_needs_no_database(fresh_app, tmp_path):
    app = fresh_app(f"sqlite:///{tmp_path / 'missing-folder' / 'sukoon.db'}")
    response = app.test_client().get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_a_schema_built_without_migrations_is_not_ready(client):
    response = client.get("/readyz")  # the test database comes from create_all: no alembic_version
    assert response.status_code == 503
    assert response.json == {"status": "not ready", "reason": "migrations"}


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_a_migrated_database_is_ready_until_it_falls_behind(fresh_app, databases):
    app = fresh_app(databases.new("readyz"))
    with app.app_context(), logging_kept():
        upgrade()
    client = app.test_client()
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json == {"status": "ready"}
    with app.app_context(), logging_kept():
        downgrade(revision="-1")  # as if new code with a new migration were deployed before `flask db upgrade`
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json["reason"] == "migrations"


def test_an_unreachable_database_is_not_ready(fresh_app, tmp_path):
    app = fresh_app(f"sqlite:///{tmp_path / 'missing-folder' / 'sukoon.db'}")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json == {"status": "not ready", "reason": "database"}
    assert "missing-folder" not in response.get_data(as_text=True)


def test_probes_are_exempt_from_rate_limits(fresh_app, empty_database_url, monkeypatch):
    # Flask-Limiter keeps default limits on the shared limiter object; monkeypatch puts the empty list back after.
    monkeypatch.setattr(limiter.limit_manager, "_default_limits", [])
    app = fresh_app(empty_database_url, RATELIMIT_DEFAULT="2 per minute")
    limiter.reset()
    client = app.test_client()
    assert [client.get("/").status_code for _ in range(3)] == [200, 200, 429]  # the default limit is in force
    assert {client.get("/healthz").status_code for _ in range(5)} == {200}
    assert {client.get("/readyz").status_code for _ in range(5)} == {503}  # create_all database: never 429
