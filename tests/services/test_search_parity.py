"""The same searches on SQLite and PostgreSQL, over the same sample data, give the same answers."""
import os
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from directory import PROJECT_ROOT
from directory.config import Config
from directory.extensions import db
from directory.geo.gazetteer import get_gazetteer
from directory.services.search import SearchQuery, search
from directory.services.seeding import load_seeds

from ..conftest import make_app

POSTGRES = os.environ.get("TEST_DATABASE_URL", "")
NOW = datetime(2026, 11, 20, 20, 30, tzinfo=UTC)  # 01:30 on a Saturday in Karachi: spans past midnight matter
QUERIES = [
    SearchQuery(near="Clifton, Karachi", radius_km=10),
    SearchQuery(near="Gulshan-e-Iqbal", radius_km=50, per_page=50),
    SearchQuery(near="Karachi", radius_km=50, services=["deep-tissue", "thai"], min_rating=3.5),
    SearchQuery(near="Karachi", radius_km=100, open_now=True),
    SearchQuery(near="Karachi", radius_km=100, verified=True, gender=["women_only"]),
    SearchQuery(near="Lahore", radius_km=30, sort="price"),
    SearchQuery(sort="rating", per_page=50),
    SearchQuery(sort="reviews", page=2, per_page=10),
    SearchQuery(q="hot stone", sort="rating"),
    SearchQuery(q="physio", near="Karachi", radius_km=100),
    SearchQuery(lat=33.72, lng=73.06, radius_km=15, min_price=3000, max_price=9000, sort="price"),
]


def answers(database_url: str) -> list:
    app = make_app(database_url)
    with app.app_context():
        db.create_all()
        load_seeds(db.session, PROJECT_ROOT / "seeds", timezone="Asia/Karachi")
        db.session.commit()
        results = []
        for query in QUERIES:
            result = search(db.session, query, geocode=get_gazetteer(Config.GAZETTEER_FOLDER).lookup,
                            timezone="Asia/Karachi", now_utc=NOW)
            results.append((result.total, [(hit.center.slug, hit.distance_km and round(hit.distance_km, 6))
                                           for hit in result.hits]))
        db.session.remove()
        db.engine.dispose()
    return results


@pytest.mark.skipif(not POSTGRES.startswith("postgresql"),
                    reason="set TEST_DATABASE_URL to a PostgreSQL server to compare backends (.ci/run does)")
def test_sqlite_and_postgresql_agree(tmp_path):
    name = f"sukoon_parity_{os.getpid()}"
    admin = create_engine(make_url(POSTGRES), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        on_postgres = answers(make_url(POSTGRES).set(database=name).render_as_string(hide_password=False))
        on_sqlite = answers(f"sqlite:///{tmp_path / 'parity.db'}")
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    assert all(total for total, _ in on_sqlite), "every query should find something in the sample data"
    assert on_sqlite == on_postgres
