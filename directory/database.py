"""Connection settings every SQLite connection gets: WAL, a busy timeout, enforced foreign keys and a page cache."""
import math
import sqlite3
from collections.abc import Mapping

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url

DEFAULT_BUSY_TIMEOUT_MS = 5000  # how long a writer waits for another one before "database is locked"
DEFAULT_CACHE_MB = 64  # each connection's page cache (SQLite's own default: 2 MB)
POSTGRESQL_OPTIONS = "-c plan_cache_mode=force_custom_plan -c jit=off -c max_parallel_workers_per_gather=0"


def engine_options(config: Mapping) -> dict:
    """SQLALCHEMY_ENGINE_OPTIONS plus, on SQLite, the busy timeout SQLITE_BUSY_TIMEOUT_MS as pysqlite's `timeout`;
    on PostgreSQL, custom plans for every statement, no JIT and no parallel workers."""
    # pysqlite's `timeout` is sqlite3_busy_timeout, per engine: a global connect listener could not tell two apps
    # apart (tests run several, one with a short timeout), so the value travels with the engine's connect arguments.
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    url = config.get("SQLALCHEMY_DATABASE_URI")
    if url and make_url(url).get_backend_name() == "sqlite":
        milliseconds = int(config.get("SQLITE_BUSY_TIMEOUT_MS", DEFAULT_BUSY_TIMEOUT_MS))
        if milliseconds < 0:
            raise RuntimeError(f"SQLITE_BUSY_TIMEOUT_MS must be 0 or more, not {milliseconds}")
        options["connect_args"] = {"timeout": milliseconds / 1000, **(options.get("connect_args") or {})}
        options.pop("pool_pre_ping", None)  # a file cannot go away under a pooled connection: no ping needed
    elif url and make_url(url).get_backend_name() == "postgresql":
        # Plan every statement for its own values. psycopg prepares a statement at its fifth run and PostgreSQL then
        # switches to a generic plan after five more when it looks no dearer: for the price sort's menu lines under
        # a price range that plan read ~1 s instead of ~40 ms, on every search after the tenth on a connection
        # (docs/PERFORMANCE.md, "A generic plan on PostgreSQL").
        # And no JIT compilation: a search's statement estimated dear (a text match's subplan) spent 420 ms
        # compiling to run in 370; searches read few rows, so compiling never pays. No parallel workers either:
        # under a LIMIT they read ahead of what the page needs (a rare text without a place tested 165,000 documents
        # for 21 rows, 1.3 s; alone, 145 ms) and cost their start-up on every statement (PERFORMANCE.md, "Free text").
        connect_args = dict(options.get("connect_args") or {})
        connect_args["options"] = " ".join(filter(None, [connect_args.get("options"), POSTGRESQL_OPTIONS]))
        options["connect_args"] = connect_args
    return options


def configure_engine(engine: Engine, config: Mapping) -> None:
    """On SQLite, each new connection of the app's engine keeps up to SQLITE_CACHE_MB of database pages in its page
    cache (`PRAGMA cache_size`), set per engine as the busy timeout is.

    SQLite's default, 2 MB, holds fewer pages than one search reads at 1M centers: every row read was a system call
    and a page copy from the operating system's cache. With 64 MB the searches that read many rows are 10-28%
    faster (docs/PERFORMANCE.md, "A page cache per connection"). The cache fills only as pages are read; a sync
    worker holds one connection, so a worker grows by at most this much. In WAL mode a connection drops its cache
    when another one has written since its last read, so a write costs the readers their warm pages once."""
    megabytes = int(config.get("SQLITE_CACHE_MB", DEFAULT_CACHE_MB))
    if megabytes < 0:
        raise RuntimeError(f"SQLITE_CACHE_MB must be 0 or more, not {megabytes}")
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _cache_size(dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"PRAGMA cache_size=-{megabytes * 1024}")  # negative: in KiB, not pages


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    # The busy timeout is not set here: pysqlite's `timeout` argument already set it (engine_options above; Python's
    # own default is 5 s for engines made elsewhere), and a PRAGMA here would override the configured value.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    try:
        cursor.execute("SELECT sin(0), cos(0)")
    except sqlite3.OperationalError:  # a SQLite built without math functions: spatial search needs these two
        dbapi_connection.create_function("sin", 1, math.sin, deterministic=True)
        dbapi_connection.create_function("cos", 1, math.cos, deterministic=True)
    cursor.close()
