"""Online backups and restores: SQLite through its backup API, PostgreSQL through pg_dump and pg_restore."""
import contextlib
import fcntl
import os
import shutil
import sqlite3
import subprocess  # runs pg_dump only, with arguments built here  # nosec B404
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

# The tables whose row counts describe a backup, with their count queries written out (no SQL built from names)
COUNT_SQL = {"centers": "SELECT count(*) FROM centers", "reviews": "SELECT count(*) FROM reviews",
             "users": "SELECT count(*) FROM users"}
COUNTED = tuple(COUNT_SQL)
STEP_PAGES = 1024  # pages copied per backup step: 4 MB at SQLite's default page size
Progress = Callable[[int, int, int], object]  # sqlite3's backup progress: (status, remaining, total)


class BackupError(Exception):
    """A backup or restore that was refused or failed; the message says why and what to do."""


@dataclass(frozen=True)
class Report:
    """What a backup or restore produced: where, integrity_check's answer, row counts and seconds taken."""

    path: Path
    integrity: str
    counts: dict[str, int]
    copy_seconds: float
    check_seconds: float

    def summary(self) -> str:
        counts = ", ".join(f"{count} {table}" for table, count in self.counts.items())
        total = self.copy_seconds + self.check_seconds
        return (f"integrity_check {self.integrity}; {counts}; {total:.2f} s "
                f"(copy {self.copy_seconds:.2f} s, check {self.check_seconds:.2f} s)")


def sqlite_file(url: str) -> Path | None:
    """The database file of a file SQLite URL; None for PostgreSQL, in-memory and URI-style SQLite URLs."""
    parsed = make_url(url)
    database, options = parsed.database or "", dict(parsed.query)
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:") or options.get("uri"):
        return None
    return Path(database).resolve()


def check_sqlite(path: Path) -> tuple[str, dict[str, int]]:
    """PRAGMA integrity_check's answer ("ok" when sound) and the row counts of the main tables."""
    connection = sqlite3.connect(path)
    try:
        rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [table for table in COUNTED if table not in tables]
        if missing:
            raise BackupError(f"{path} is not a Sukoon database: it has no {', '.join(missing)} table.")
        counts = {table: connection.execute(sql).fetchone()[0] for table, sql in COUNT_SQL.items()}
    except sqlite3.DatabaseError as error:  # not a database at all, or too damaged to read
        raise BackupError(f"{path} cannot be read as a SQLite database: {error}.") from error
    finally:
        connection.close()
    return "; ".join(rows[:5]), counts


def backup_sqlite(source: Path, target: Path, step_pages: int = STEP_PAGES,
                  progress: Progress | None = None) -> Report:
    """Copy a live SQLite database to a new file while writers go on, then integrity-check the copy."""
    if target.exists():
        raise BackupError(f"{target} already exists: choose a new file name (a backup never overwrites a file).")
    if not source.is_file():
        raise BackupError(f"There is no database at {source}.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    partial = target.with_name(f"{target.name}.partial")  # renamed once checked: a failed run leaves no backup
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    try:
        _copy(source, partial, step_pages, progress)
    except sqlite3.Error as error:  # disk full, unreadable source...: no half-written file is left behind
        partial.unlink(missing_ok=True)
        raise BackupError(f"The backup failed: {error}.") from error
    copied = time.perf_counter()
    try:
        integrity, counts = check_sqlite(partial)
        if integrity != "ok":
            raise BackupError(f"The copy failed its integrity check ({integrity}); nothing was written to {target}.")
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return Report(target, integrity, counts, copied - started, time.perf_counter() - copied)


def _copy(source: Path, target: Path, step_pages: int, progress: Progress | None) -> None:
    """The backup API from `source` into a new file `target`, in steps over one snapshot."""
    live = sqlite3.connect(source, timeout=30, isolation_level=None)  # autocommit: the BEGIN below is ours
    try:
        wal = live.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        if wal:
            # One read transaction pins a snapshot. In WAL mode it does not block writers, every step copies that
            # same snapshot, and writes made meanwhile cannot restart the copy (they would without it).
            live.execute("BEGIN")
            live.execute("SELECT count(*) FROM sqlite_master").fetchone()
        copy = sqlite3.connect(target)
        try:
            # Outside WAL a pinned snapshot would block writers throughout: copy in one step instead.
            live.backup(copy, pages=step_pages if wal else -1, progress=progress, sleep=0)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            copy.close()
    finally:
        live.close()  # also ends the read transaction


def serving_marker(live: Path) -> Path:
    """The file every process serving requests from `live` holds a shared lock on (see serving_checks)."""
    return live.with_name(f"{live.name}.serving")


NO_MARKER = -1  # the marker file cannot be made (no folder yet, read-only): serve unmarked rather than fail


def hold_serving_lock(live: Path) -> int | None:
    """Take a shared lock on the marker for as long as this process lives; None while a restore holds it.

    POSIX record locks (lockf): released by the kernel when the process ends, even by kill -9, so a crashed
    server never leaves a stale marker; and a process never conflicts with its own locks.
    """
    try:
        handle = os.open(serving_marker(live), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return NO_MARKER
    try:
        fcntl.lockf(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        return None
    return handle


@contextlib.contextmanager
def no_server_running(live: Path) -> Iterator[None]:
    """Hold the marker exclusively for the restore; refuse when a server process holds it."""
    handle = os.open(serving_marker(live), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BackupError(f"Refused: a running server is using {live}. Stop it first (the gunicorn master, "
                              "`make serve` or `flask run`), then run `flask restore` again. The database is "
                              "unchanged.") from None
        yield
    finally:
        os.close(handle)  # also releases the lock


def restore_sqlite(backup: Path, live: Path, busy_timeout_s: float = 5.0,
                   step: Callable[[str], object] | None = None) -> Report:
    """Replace the live SQLite database with a checked backup, with no server using it; refused otherwise.

    `step(name)` hears of each finished stage ("checked", "copied", "verified"), for a progress bar."""
    if not live.parent.is_dir():
        raise BackupError(f"The folder {live.parent} of the database does not exist.")
    with no_server_running(live):
        return _restore_sqlite(backup, live, busy_timeout_s, step or (lambda _name: None))


def _restore_sqlite(backup: Path, live: Path, busy_timeout_s: float, step: Callable[[str], object]) -> Report:
    """Swap the pages in one write transaction, so any other connection sees the old or the new database whole."""
    if not backup.is_file():
        raise BackupError(f"There is no backup at {backup}.")
    if backup.resolve() == live.resolve():
        raise BackupError("The backup and the live database are the same file.")
    if not live.parent.is_dir():
        raise BackupError(f"The folder {live.parent} of the database does not exist.")
    started = time.perf_counter()
    integrity, expected = check_sqlite(backup)
    checked = time.perf_counter()
    step("checked")
    if integrity != "ok":
        raise BackupError(f"Refused: the backup failed its integrity check ({integrity}). The live database is "
                          "unchanged.")
    source = sqlite3.connect(backup)
    target = sqlite3.connect(live, timeout=busy_timeout_s)
    try:
        sizes = (source.execute("PRAGMA page_size").fetchone()[0], target.execute("PRAGMA page_size").fetchone()[0])
        wal = target.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        if wal and sizes[0] != sizes[1] and _has_tables(target):
            raise BackupError(f"Refused: the backup uses {sizes[0]}-byte pages and the live WAL database "
                              f"{sizes[1]}-byte ones, which SQLite cannot swap in place. Stop the app and restore "
                              "into a new file instead.")
        # One step: the whole copy is one write transaction on the live file, so readers see the old database or
        # the restored one, never a mix, and writers wait (up to the busy timeout) rather than interleave.
        source.backup(target, pages=-1)
    except sqlite3.OperationalError as error:
        raise BackupError(f"Refused: the live database stayed busy for {busy_timeout_s:g} s ({error}). Try again "
                          "when fewer writes are going on, or stop the app first. It is unchanged.") from error
    finally:
        source.close()
        target.close()
    restored = time.perf_counter()
    step("copied")
    integrity, counts = check_sqlite(live)
    if integrity != "ok" or counts != expected:
        raise BackupError(f"The restored database does not match the backup: integrity_check {integrity}, "
                          f"counts {counts} instead of {expected}.")
    step("verified")
    return Report(live, integrity, counts, restored - checked, checked - started + time.perf_counter() - restored)


def _has_tables(connection: sqlite3.Connection) -> bool:
    return connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


def libpq_target(url: str) -> tuple[str, dict[str, str]]:
    """A PostgreSQL SQLAlchemy URL as pg_dump/pg_restore take it, and PGPASSWORD (kept off the command line)."""
    parsed = make_url(url)
    env = {"PGPASSWORD": parsed.password} if parsed.password else {}
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def pg_dump_command(url: str, path: Path, snapshot: str | None = None) -> list[str]:
    """The pg_dump command for a custom-format, owner-free dump of the database at `url` into `path`."""
    target, _env = libpq_target(url)
    command = ["pg_dump", "--format=custom", "--no-owner", f"--file={path}", f"--dbname={target}"]
    return command + ([f"--snapshot={snapshot}"] if snapshot else [])


def pg_restore_command(url: str, path: Path) -> list[str]:
    """The pg_restore command that replaces the database at `url` with the dump at `path`."""
    target, _env = libpq_target(url)
    return ["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={target}", str(path)]


def backup_postgresql(engine: Engine, path: Path) -> Report:
    """Run pg_dump on the snapshot the row counts were taken from, so the counts describe the dump exactly."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump is not on PATH: install the PostgreSQL client and run the command above.")
    if path.exists():
        raise BackupError(f"{path} already exists: choose a new file name (a backup never overwrites a file).")
    url = engine.url.render_as_string(hide_password=False)
    _target, env = libpq_target(url)
    started = time.perf_counter()
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
        with connection.begin():
            snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
            counts = {table: connection.scalar(text(sql)) for table, sql in COUNT_SQL.items()}
            command = [pg_dump, *pg_dump_command(url, path, snapshot)[1:]]
            # pg_dump from PATH with arguments built above, no shell.
            done = subprocess.run(command, env={**os.environ, **env},  # noqa: S603  # nosec B603
                                  capture_output=True, text=True, timeout=3600, check=False)
    if done.returncode != 0:
        path.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed ({done.returncode}): {done.stderr.strip()}")
    return Report(path, "n/a (pg_dump)", counts, time.perf_counter() - started, 0.0)
