"""`flask backup` and `flask restore`: online copies during writes, integrity-checked, restored identically.

The SQLite tests use their own files under tmp_path, whatever the test backend; the PostgreSQL test runs when
SUKOON_TEST_BACKEND=postgresql.
"""
import os
import shutil
import sqlite3
import subprocess
import threading
import time

import pytest
from sqlalchemy import create_engine, func, insert, select

from directory.backup import COUNTED, BackupError, backup_sqlite, libpq_target, pg_restore_command
from directory.extensions import db
from directory.models import Review, User

from .conftest import make_app
from .databases import BACKEND
from .factories import Factories

WRITERS = 4


def rows(path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def dump(path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.fixture
def live(tmp_path):
    """A file SQLite app with one center and 2,000 users: enough pages for a backup of many steps."""
    app = make_app(f"sqlite:///{tmp_path / 'live.db'}")
    with app.app_context():
        db.create_all()
        center = Factories(db.session).center()
        db.session.execute(insert(User), [{"email": f"bulk{n}@example.com", "display_name": f"Bulk {n}"}
                                          for n in range(2000)])
        db.session.commit()
        app.config["center_id"] = center.id
        db.session.remove()
        yield app
        db.session.remove()
        db.engine.dispose()


class Writers:
    """Threads that each add a user and a review of one center per transaction until stopped."""

    def __init__(self, app, center_id: int):
        self.app, self.center_id = app, center_id
        self.acknowledged: list[int] = []  # ids of users whose transaction committed
        self.failures: list[BaseException] = []
        self.lock, self.stop = threading.Lock(), threading.Event()
        self.threads = [threading.Thread(target=self.write, args=(n,)) for n in range(WRITERS)]

    def write(self, writer: int) -> None:
        with self.app.app_context():
            n = 0
            while not self.stop.is_set():
                try:
                    user = User(email=f"writer{writer}-{n}@example.com", display_name=f"Writer {writer}")
                    db.session.add(user)
                    db.session.flush()
                    db.session.add(Review(center_id=self.center_id, author_id=user.id, rating=1 + n % 5,
                                          title="Quiet", body="Kind staff."))
                    db.session.commit()
                except BaseException as error:  # noqa: BLE001  (any failure fails the test, with its cause)
                    db.session.rollback()
                    with self.lock:
                        self.failures.append(error)
                    return
                with self.lock:
                    self.acknowledged.append(user.id)
                n += 1
            db.session.remove()

    def count(self) -> int:
        with self.lock:
            return len(self.acknowledged)

    def wait_for(self, count: int, seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while self.count() < count and time.monotonic() < deadline and not self.failures:
            time.sleep(0.005)
        assert self.count() >= count, f"writers stalled: {self.count()} of {count} ({self.failures})"

    def __enter__(self) -> "Writers":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in self.threads), "a writer hung"


def test_backup_during_writes_keeps_every_acknowledged_row_and_restores_identically(live, tmp_path):
    source, target = tmp_path / "live.db", tmp_path / "backup.db"
    during: list[int] = []

    def progress(_status, _remaining, _total):
        if not during:  # at the first step, with the snapshot pinned: writers must still get through
            start = writers.count()
            writers.wait_for(start + 20)
            during.append(writers.count() - start)

    with Writers(live, live.config["center_id"]) as writers:
        writers.wait_for(50)
        acknowledged_before = set(writers.acknowledged)
        report = backup_sqlite(source, target, step_pages=8, progress=progress)
        writers.wait_for(writers.count() + 20)  # and after it
    assert writers.failures == []

    assert report.integrity == "ok" and rows(target, "PRAGMA integrity_check") == [("ok",)]
    assert during and during[0] >= 20, "the backup blocked the writers"
    user_ids = {row[0] for row in rows(target, "SELECT id FROM users")}
    assert acknowledged_before <= user_ids
    assert rows(target, "PRAGMA foreign_key_check") == []
    reviews = rows(target, "SELECT count(*) FROM reviews")[0][0]
    assert report.counts == {"centers": 1, "reviews": reviews, "users": 2000 + reviews}  # one snapshot
    assert len(user_ids) < 2000 + len(writers.acknowledged)  # writes went on after the snapshot
    assert not (tmp_path / "backup.db-wal").exists() and not (tmp_path / "backup.db.partial").exists()

    restored_app = make_app(f"sqlite:///{tmp_path / 'restored.db'}")
    with restored_app.app_context():  # the live app's context is pushed too: this one must be current
        result = restored_app.test_cli_runner().invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    assert "integrity_check ok" in result.output
    assert rows(tmp_path / "restored.db", "PRAGMA integrity_check") == [("ok",)]
    assert dump(tmp_path / "restored.db") == dump(target)
    with restored_app.app_context():
        assert db.session.scalar(select(func.count(Review.id))) == reviews
        assert db.session.scalar(select(func.count(User.id))) == 2000 + reviews
        db.engine.dispose()


def test_backup_command_prints_counts_and_time_and_never_overwrites(live, tmp_path):
    target = tmp_path / "copy.db"
    runner = live.test_cli_runner()
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "integrity_check ok; 1 centers, 0 reviews, 2000 users;" in result.output
    assert result.output.rstrip().endswith("s).")
    again = runner.invoke(args=["backup", str(target)])
    assert again.exit_code != 0 and "already exists" in again.output


def test_restore_into_the_live_database_replaces_it_atomically(live, tmp_path):
    target = tmp_path / "before.db"
    assert live.test_cli_runner().invoke(args=["backup", str(target)]).exit_code == 0
    with live.app_context():
        db.session.add(User(email="late@example.com", display_name="Late"))
        db.session.commit()
        db.session.remove()
    result = live.test_cli_runner().invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    with live.app_context():  # the app's next connection sees the restored database
        assert db.session.scalar(select(func.count(User.id))) == 2000
        assert db.session.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_restore_refuses_a_damaged_backup_and_leaves_the_database_alone(live, tmp_path):
    good = tmp_path / "good.db"
    backup_sqlite(tmp_path / "live.db", good)
    damaged = tmp_path / "damaged.db"
    data = bytearray(good.read_bytes())
    for page in (3, 7, 11):  # scribble over whole b-tree pages: headers, cell pointers and cells
        data[page * 4096:(page + 1) * 4096] = os.urandom(4096)
    damaged.write_bytes(bytes(data))
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database" * 100)
    before = dump(tmp_path / "live.db")
    for path in (damaged, garbage):
        result = live.test_cli_runner().invoke(args=["restore", str(path), "--yes"])
        assert result.exit_code != 0
        assert "Refused: the backup failed its integrity check" in result.output or "cannot be read" in result.output
    assert dump(tmp_path / "live.db") == before


def test_restore_refuses_anything_but_a_file_sqlite_database(tmp_path):
    backup = tmp_path / "b.db"
    backup.write_bytes(b"")
    for url in ("sqlite://", "postgresql+psycopg://postgres@127.0.0.1:9/sukoon"):
        app = make_app(url)
        with app.app_context():
            result = app.test_cli_runner().invoke(args=["restore", str(backup), "--yes"])
        assert result.exit_code != 0 and "replaces a file SQLite database only" in result.output
    assert "pg_restore --clean --if-exists --no-owner" in result.output


def test_backup_refuses_an_existing_target_and_a_missing_database(tmp_path):
    (tmp_path / "exists.db").write_bytes(b"x")
    with pytest.raises(BackupError, match="already exists"):
        backup_sqlite(tmp_path / "none.db", tmp_path / "exists.db")
    with pytest.raises(BackupError, match="no database"):
        backup_sqlite(tmp_path / "none.db", tmp_path / "new.db")


@pytest.mark.skipif(BACKEND != "postgresql", reason="PostgreSQL only (SUKOON_TEST_BACKEND=postgresql)")
@pytest.mark.skipif(shutil.which("pg_restore") is None, reason="needs the PostgreSQL client (pg_dump, pg_restore)")
def test_postgresql_backup_restores_into_a_fresh_database_with_equal_counts(databases, tmp_path):
    source_url, target_url = databases.new("backup_source"), databases.new("backup_target")
    app = make_app(source_url)
    with app.app_context():
        db.create_all()
        factories = Factories(db.session)
        center = factories.center()
        for rating in (2, 5, 4):
            factories.review(center, rating=rating)
        expected = {table: db.session.execute(select(func.count()).select_from(db.metadata.tables[table]))
                    .scalar() for table in COUNTED}
        db.session.remove()
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "dump.custom")])
        db.engine.dispose()
    assert result.exit_code == 0, result.output
    assert "pg_dump --format=custom --no-owner" in result.output and "pg_restore --clean --if-exists" in result.output
    assert "1 centers, 3 reviews, 3 users" in result.output

    _target, env = libpq_target(target_url)
    done = subprocess.run(pg_restore_command(target_url, tmp_path / "dump.custom"), env={**os.environ, **env},
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    engine = create_engine(target_url)
    with engine.connect() as connection:
        restored = {table: connection.execute(select(func.count()).select_from(db.metadata.tables[table])).scalar()
                    for table in COUNTED}
    engine.dispose()
    assert restored == expected == {"centers": 1, "reviews": 3, "users": 3}
