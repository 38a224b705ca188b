"""Health and readiness probes for load balancers and deploys."""
from functools import lru_cache

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ...extensions import db, limiter
from . import bp


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """The process is up (no database call: load balancers poll this often)."""
    return {"status": "ok"}


@lru_cache(maxsize=4)
def migration_heads(directory: str) -> frozenset[str]:
    """The head revisions of the code's migrations; they only change with a deploy, so read them once."""
    return frozenset(ScriptDirectory(directory).get_heads())


@bp.get("/readyz")
@limiter.exempt
def readyz():
    """Ready for traffic: the database answers and its schema is at the migrations' head."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = frozenset(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as error:
        current_app.logger.warning("not ready: database unreachable (%s)", type(error).__name__)
        return {"status": "not ready", "reason": "database"}, 503
    expected = migration_heads(str(current_app.extensions["migrate"].directory))
    if current != expected:
        current_app.logger.warning("not ready: database at %s, migrations at %s", sorted(current), sorted(expected))
        return {"status": "not ready", "reason": "migrations"}, 503
    return {"status": "ready"}
