"""Connection settings: PostgreSQL plans every statement for its own values (no generic plan after ten runs),
never JIT-compiles one and starts no parallel workers."""
import pytest
from sqlalchemy import text

from directory.database import engine_options
from directory.extensions import db

from .databases import BACKEND


def test_postgresql_connections_ask_for_custom_plans_and_keep_configured_options():
    options = engine_options({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@h/d",
                              "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": "-c statement_timeout=5000"}}})
    assert options["connect_args"]["options"] == ("-c statement_timeout=5000 -c plan_cache_mode=force_custom_plan"
                                                  " -c jit=off -c max_parallel_workers_per_gather=0")
    sqlite = engine_options({"SQLALCHEMY_DATABASE_URI": "sqlite:///x.db"})
    assert "options" not in sqlite["connect_args"]


@pytest.mark.skipif(BACKEND != "postgresql", reason="PostgreSQL only (SUKOON_TEST_BACKEND=postgresql)")
def test_a_statement_run_many_times_on_a_connection_keeps_custom_plans(app):
    """psycopg prepares a statement at its fifth run; with custom plans PostgreSQL never swaps in a generic one."""
    with db.engine.connect() as connection:
        assert connection.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"
        assert connection.execute(text("SHOW jit")).scalar() == "off"  # a dear estimate compiled for 420 ms
        assert connection.execute(text("SHOW max_parallel_workers_per_gather")).scalar() == "0"  # read ahead
        for value in range(12):
            connection.execute(text("SELECT count(*) FROM centers WHERE id > :value"), {"value": value})
        plans = connection.execute(text("SELECT generic_plans FROM pg_prepared_statements")).scalars().all()
        assert plans and all(generic == 0 for generic in plans)
