"""Connection settings every SQLite connection gets: WAL, a busy timeout and enforced foreign keys."""
import math
import sqlite3

from sqlalchemy import Engine, event


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    try:
        cursor.execute("SELECT sin(0), cos(0)")
    except sqlite3.OperationalError:  # a SQLite built without math functions: spatial search needs these two
        dbapi_connection.create_function("sin", 1, math.sin, deterministic=True)
        dbapi_connection.create_function("cos", 1, math.cos, deterministic=True)
    cursor.close()
