"""A locked or unreachable database gives a 503 with Retry-After, never a 500; SQLite connection settings.

These tests use their own SQLite file (or a PostgreSQL port nobody listens on), whatever the test backend.
"""
import sqlite3

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import Review

from .conftest import AuthActions, make_app
from .factories import Factories
from .reviewing import review_data, sign_in

UNREACHABLE_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:9/sukoon"


@pytest.fixture
def busy_app(tmp_path):
    """A file SQLite app whose writers give up after 200 ms, with a center and a signed-in member."""
    app = make_app(f"sqlite:///{tmp_path / 'busy.db'}", SQLITE_BUSY_TIMEOUT_MS=200)
    with app.app_context():
        db.create_all()
        factories = Factories(db.session)
        app.config.update(center_slug=factories.center().slug, db_path=str(tmp_path / "busy.db"))
        client = app.test_client()
        sign_in(AuthActions(client), factories.user())
        yield app, client
        db.session.remove()
        db.engine.dispose()


def assert_busy(response, json: bool = False) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    if json:
        assert response.get_json() == {"error": {"status": 503, "message": "Busy, try again in a few seconds."}}
    else:
        assert "Busy, try again in a few seconds." in response.get_data(as_text=True)


def post_review(client, slug: str):
    return client.post(f"/centers/{slug}/reviews/new", data=review_data())


def test_a_held_write_lock_gives_writers_a_503_and_readers_their_page(busy_app):
    app, client = busy_app
    slug = app.config["center_slug"]
    locker = sqlite3.connect(app.config["db_path"], isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")  # in WAL mode this blocks writers only
    try:
        assert client.get(f"/centers/{slug}").status_code == 200
        assert_busy(post_review(client, slug))
    finally:
        locker.execute("COMMIT")
        locker.close()
    assert db.session.scalar(select(func.count(Review.id))) == 0
    response = post_review(client, slug)  # the lock is gone: the same post goes through
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Review.id))) == 1


def test_an_exclusive_lock_that_also_blocks_readers_gives_503_pages_and_api_answers(busy_app):
    app, client = busy_app
    slug = app.config["center_slug"]
    db.session.remove()
    db.engine.dispose()  # an exclusive-mode lock is only granted while no other connection has the file open
    locker = sqlite3.connect(app.config["db_path"], isolation_level=None)
    locker.execute("PRAGMA locking_mode=EXCLUSIVE")
    locker.execute("BEGIN EXCLUSIVE")
    locker.execute("UPDATE centers SET name = name")
    try:
        assert_busy(client.get(f"/centers/{slug}"))  # signed in: the page layout cannot load the user either
        assert_busy(app.test_client().get(f"/centers/{slug}"))
        assert_busy(client.get("/api/v1/centers?near=Clifton"), json=True)
        assert_busy(post_review(client, slug))
    finally:
        locker.close()  # ends the transaction and the exclusive lock
    assert client.get(f"/centers/{slug}").status_code == 200
    assert post_review(client, slug).status_code == 302


def test_an_unreachable_postgresql_gives_503_not_500():
    app = make_app(UNREACHABLE_POSTGRES, SERVER_NAME=None)
    client = app.test_client()
    assert_busy(client.get("/centers/some-center"))
    assert_busy(client.get("/api/v1/centers?near=Clifton"), json=True)


def test_other_database_errors_stay_500_with_an_error_id(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'no-tables.db'}", PROPAGATE_EXCEPTIONS=False)  # no schema: "no such table"
    response = app.test_client().get("/centers/some-center")
    assert response.status_code == 500 and "Retry-After" not in response.headers


def connection_setting(app, pragma: str):
    with app.app_context():
        value = db.session.connection().exec_driver_sql(f"PRAGMA {pragma}").scalar()
        db.session.remove()
        db.engine.dispose()
    return value


def test_every_sqlite_connection_gets_wal_foreign_keys_and_a_5_second_busy_timeout(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'settings.db'}")
    assert connection_setting(app, "busy_timeout") == 5000
    assert connection_setting(app, "journal_mode") == "wal"
    assert connection_setting(app, "foreign_keys") == 1
    assert "pool_pre_ping" not in app.config["SQLALCHEMY_ENGINE_OPTIONS"]  # nothing to ping on a file


def test_busy_timeout_is_configurable_also_from_the_environment(tmp_path, monkeypatch):
    assert connection_setting(make_app(f"sqlite:///{tmp_path / 'a.db'}", SQLITE_BUSY_TIMEOUT_MS=200),
                              "busy_timeout") == 200
    monkeypatch.setenv("SUKOON_SQLITE_BUSY_TIMEOUT_MS", "7500")
    monkeypatch.setenv("SUKOON_DATABASE_URL", f"sqlite:///{tmp_path / 'b.db'}")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    from directory import create_app

    assert connection_setting(create_app(), "busy_timeout") == 7500


def test_every_sqlite_connection_keeps_a_64_mb_page_cache_unless_configured(tmp_path, monkeypatch):
    # cache_size in KiB when negative; SQLite's own default (-2000, 2 MB) made every row a search read a system call
    assert connection_setting(make_app(f"sqlite:///{tmp_path / 'a.db'}"), "cache_size") == -64 * 1024
    assert connection_setting(make_app(f"sqlite:///{tmp_path / 'b.db'}", SQLITE_CACHE_MB=8), "cache_size") == -8192
    monkeypatch.setenv("SUKOON_SQLITE_CACHE_MB", "16")
    monkeypatch.setenv("SUKOON_DATABASE_URL", f"sqlite:///{tmp_path / 'c.db'}")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    from directory import create_app

    assert connection_setting(create_app(), "cache_size") == -16 * 1024
    with pytest.raises(RuntimeError, match="SQLITE_CACHE_MB must be 0 or more"):
        make_app(f"sqlite:///{tmp_path / 'd.db'}", SQLITE_CACHE_MB=-1)


def test_postgresql_engines_ping_pooled_connections_before_use():
    assert make_app(UNREACHABLE_POSTGRES).config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
