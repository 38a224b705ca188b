"""The Alembic chain builds exactly the schema the models describe, and runs down and up again."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from directory.extensions import db
from directory.models.search import include_in_autogenerate

from .conftest import make_app


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migrations_up_down_up_without_drift(databases):
    app = make_app(databases.new("migrations"))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_object": include_in_autogenerate})
            diff = compare_metadata(context, db.metadata)
        assert diff == [], diff
        assert_email_unique_whatever_case()  # autogenerate cannot compare expression indexes
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "centers" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def assert_email_unique_whatever_case():
    insert = text("INSERT INTO users (email, display_name, role, created_at, session_version, is_sample) "
                  "VALUES (:email, 'x', 'member', CURRENT_TIMESTAMP, 1, false)")
    with db.engine.connect() as connection:
        connection.execute(insert, {"email": "sana@example.com"})
        with pytest.raises(IntegrityError):
            connection.execute(insert, {"email": "SANA@example.com"})
        connection.rollback()
