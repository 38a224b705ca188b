"""Throwaway test databases: a file per name on SQLite, a database per name on PostgreSQL."""
import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

BACKEND = os.environ.get("SUKOON_TEST_BACKEND", "sqlite")


class TestDatabases:
    """Creates databases for one pytest run and drops them afterwards."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.created: list[str] = []
        self.server = make_url(os.environ["TEST_DATABASE_URL"]) if BACKEND == "postgresql" else None

    def new(self, name: str) -> str:
        if self.server is None:
            return f"sqlite:///{self.folder / name}.db"
        database = f"sukoon_test_{os.getpid()}_{name}"
        self._admin(f'DROP DATABASE IF EXISTS "{database}"', f'CREATE DATABASE "{database}"')
        self.created.append(database)
        return self.server.set(database=database).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        if self.server is not None and self.created:
            self._admin(*(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in self.created))

    def _admin(self, *statements: str) -> None:
        engine = create_engine(self.server, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
        engine.dispose()
