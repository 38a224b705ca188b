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
from .databases import BACKEND


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


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migration_0007_moves_existing_centers_to_the_finer_bands_and_fills_their_service_masks(databases):
    from directory.models.center_index import latitude_band

    app = make_app(databases.new("bands"))
    with app.app_context():
        upgrade(revision="0006_listing_management")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO services (id, slug, name, summary, description, pressure, best_for, cautions) VALUES "
                "(3, 'thai', 'Thai', '', '', '', '[]', '[]'), (5, 'swedish', 'Swedish', '', '', '', '[]', '[]')"))
            for center_id, lat in ((1, -33.8700001), (2, 24.8149999), (3, 0.0)):
                connection.execute(text(
                    "INSERT INTO centers (id, slug, name, kind, description, address, area, city, country, latitude, "
                    "longitude, lat_band, timezone, gender_policy, amenities, status, created_at, updated_at, "
                    "rating_count, rating_sum, rating_1, rating_2, rating_3, rating_4, rating_5) VALUES (:id, :slug, "
                    "'x', 'day_spa', '', 'x', '', 'Karachi', 'Pakistan', :lat, 67.0, 0, 'Asia/Karachi', 'mixed', "
                    "'[]', 'published', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0, 0, 0, 0, 0, 0, 0)"),
                    {"id": center_id, "slug": f"c{center_id}", "lat": lat})
            connection.execute(text(
                "INSERT INTO center_services (center_id, service_id, name, description, duration_min, price_pkr, "
                "position) VALUES (1, 3, 'Thai', '', 60, 5000, 0), (1, 5, 'Swedish', '', 60, 4000, 1), "
                "(1, 5, 'Swedish long', '', 90, 6000, 2)"))
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(text("SELECT latitude, lat_band, services_mask FROM centers ORDER BY id")).all()
        assert [(band, mask) for _, band, mask in rows] == [
            (latitude_band(-33.8700001), (1 << 3) | (1 << 5)), (latitude_band(24.8149999), 0), (0, 0)]
        assert rows[0][1] == -6775 and rows[1][1] == 4962
        downgrade(revision="0006_listing_management")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT lat_band FROM centers ORDER BY id")).scalars().all() == [
                -339, 248, 0]
            # batch mode rebuilds the centers table on SQLite: its menu lines must survive the rebuild
            assert connection.execute(text("SELECT count(*) FROM center_services")).scalar() == 3
        db.engine.dispose()


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migration_0009_fills_the_amenities_masks_of_existing_centers_and_indexes_them(databases):
    from directory.models.center_index import amenity_mask

    app = make_app(databases.new("amenities"))
    lists = {1: '["parking", "prayer_area", "parking"]', 2: "[]", 3: '["private_rooms", "helipad"]', 4: "null"}
    with app.app_context():
        upgrade(revision="0007_finer_bands_service_mask")
        with db.engine.begin() as connection:
            for center_id, amenities in lists.items():
                connection.execute(text(
                    "INSERT INTO centers (id, slug, name, kind, description, address, area, city, country, latitude, "
                    "longitude, lat_band, timezone, gender_policy, amenities, status, created_at, updated_at, "
                    "rating_count, rating_sum, rating_1, rating_2, rating_3, rating_4, rating_5) VALUES (:id, :slug, "
                    "'x', 'day_spa', '', 'x', '', 'Karachi', 'Pakistan', 24.8, 67.0, 4960, 'Asia/Karachi', 'mixed', "
                    ":amenities, 'published', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0, 0, 0, 0, 0, 0, 0)"),
                    {"id": center_id, "slug": f"c{center_id}", "amenities": amenities})
            connection.execute(text(
                "INSERT INTO services (id, slug, name, summary, description, pressure, best_for, cautions) VALUES "
                "(3, 'thai', 'Thai', '', '', '', '[]', '[]')"))
            connection.execute(text(
                "INSERT INTO center_services (center_id, service_id, name, description, duration_min, price_pkr, "
                "position) VALUES (1, 3, 'Thai', '', 60, 5000, 0)"))
        upgrade()
        with db.engine.connect() as connection:
            masks = connection.execute(text("SELECT amenities_mask FROM centers ORDER BY id")).scalars().all()
        assert masks == [amenity_mask(["parking", "prayer_area"]), 0, amenity_mask(["private_rooms"]), 0]
        spatial = {index["name"]: index["column_names"] for index in inspect(db.engine).get_indexes("centers")}
        assert "amenities_mask" in spatial["ix_centers_spatial"]
        downgrade(revision="0007_finer_bands_service_mask")
        columns = {column["name"] for column in inspect(db.engine).get_columns("centers")}
        assert "amenities_mask" not in columns and "services_mask" in columns
        with db.engine.connect() as connection:  # going down keeps the centers and what hangs off them
            assert connection.execute(text("SELECT count(*) FROM centers")).scalar() == 4
            assert connection.execute(text("SELECT count(*) FROM center_services")).scalar() == 1
        db.engine.dispose()


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migration_0013_folds_the_urdu_of_existing_documents_so_urdu_queries_find_them(databases):
    from directory.models import Center
    from directory.models.center_index import latitude_band
    from directory.services.search import SearchQuery, search

    app = make_app(databases.new("urdu_search"))
    with app.app_context():
        upgrade(revision="0012_user_language")
        # Core inserts: the model has columns later migrations add (0016's generated ranks)
        inserts = (Center.__table__.insert().values(
            slug=f"c{n}", name=f"C{n}", kind="day_spa", address="x", area="Clifton", city="Karachi",
            latitude=24.8138, longitude=67.03, lat_band=latitude_band(24.8138), status="published") for n in (1, 2))
        first, second = (db.session.execute(insert).inserted_primary_key[0] for insert in inserts)
        db.session.commit()
        bodies = {first: "پُرسکون ماحول، آرام دہ كمرے۔", second: "Quiet rooms"}
        for center_id, body in bodies.items():  # as the code before 0013 wrote them: Urdu unfolded
            db.session.execute(text("INSERT INTO center_documents (center_id, body) VALUES (:id, :body)"),
                               {"id": center_id, "body": body})
        db.session.commit()
        db.session.remove()
        upgrade(revision="0013_urdu_search")
        stored = dict(db.session.execute(text("SELECT center_id, body FROM center_documents")).all())
        assert stored == {first: "پرسکون ماحول  ارام دہ کمرے ", second: "Quiet rooms"}
        db.session.remove()
        upgrade()
        for q in ("آرام", "کمرے", "پُرسکون"):
            found = search(db.session, SearchQuery(q=q), geocode=lambda _text: None, timezone="Asia/Karachi")
            assert [hit.center.slug for hit in found.hits] == ["c1"], q
        db.session.remove()
        db.engine.dispose()


@pytest.mark.filterwarnings("ignore:.*expression-based index")
@pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite's planner reads sqlite_stat1; PostgreSQL analyses by itself")
def test_migrations_after_0016_leave_statistics_for_every_index_they_add_on_sqlite(databases):
    """A new index without a sqlite_stat1 row looks selective to SQLite: a (status, ...) one was read for every
    published center, so each migration adding an index to an analysed table analyses it again (0016 onwards)."""
    app = make_app(databases.new("statistics"))
    with app.app_context():
        upgrade(revision="0016_rank_columns")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO services (id, slug, name, summary, description, pressure, best_for, cautions) VALUES "
                "(5, 'swedish', 'Swedish', '', '', '', '[]', '[]')"))
            for center_id in (1, 2, 3):
                connection.execute(text(
                    "INSERT INTO centers (id, slug, name, kind, description, address, area, city, country, latitude, "
                    "longitude, lat_band, timezone, gender_policy, amenities, status, created_at, updated_at, "
                    "rating_count, rating_sum, rating_1, rating_2, rating_3, rating_4, rating_5) VALUES (:id, :slug, "
                    "'x', 'day_spa', '', 'x', '', 'Karachi', 'Pakistan', 24.8, 67.0, 4960, 'Asia/Karachi', 'mixed', "
                    "'[]', 'published', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0, 0, 0, 0, 0, 0, 0)"),
                    {"id": center_id, "slug": f"c{center_id}"})
                connection.execute(text(
                    "INSERT INTO center_services (center_id, service_id, name, description, duration_min, price_pkr, "
                    "position) VALUES (:id, 5, 'Swedish', '', 60, 3000, 0)"), {"id": center_id})
            connection.execute(text("ANALYZE"))
        upgrade(revision="0025_price_line_copies")
        with db.engine.begin() as connection:  # open at 00:00 and 01:00 on Mondays: 0026's and 0032's partial
            connection.execute(text("UPDATE centers SET hours_mask_0 = 3 WHERE id = 1"))  # indexes hold it
        upgrade()
        with db.engine.connect() as connection:
            described = set(connection.scalars(text("SELECT idx FROM sqlite_stat1")))
        for table in ("centers", "center_services"):
            indexes = {index["name"] for index in inspect(db.engine).get_indexes(table)}
            assert indexes <= described, (table, indexes - described)
        db.engine.dispose()


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migration_0019_fills_the_hour_masks_of_existing_centers_and_indexes_them(databases):
    from datetime import time

    from directory.models import OpeningHours
    from directory.models.center_index import hours_masks

    app = make_app(databases.new("hours_mask"))
    spans = {1: [(6, time(22), time(2)), (0, time(10, 30), time(22))],  # Sunday night into Monday
             2: [(day, time(0), time(0)) for day in range(7)],  # 24 hours, with a closure
             3: []}  # no hours
    columns = ["hours_mask_0", "hours_mask_1", "hours_mask_2", "hours_full_0", "hours_full_1", "hours_full_2"]
    with app.app_context():
        upgrade(revision="0018_price_index")
        with db.engine.begin() as connection:
            for center_id in spans:
                connection.execute(text(
                    "INSERT INTO centers (id, slug, name, kind, description, address, area, city, country, latitude, "
                    "longitude, lat_band, timezone, gender_policy, amenities, status, created_at, updated_at, "
                    "rating_count, rating_sum, rating_1, rating_2, rating_3, rating_4, rating_5) VALUES (:id, :slug, "
                    "'x', 'day_spa', '', 'x', '', 'Karachi', 'Pakistan', 24.8, 67.0, 4960, 'Asia/Karachi', 'mixed', "
                    "'[]', 'published', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0, 0, 0, 0, 0, 0, 0)"),
                    {"id": center_id, "slug": f"c{center_id}"})
            for center_id, week in spans.items():
                for weekday, opens, closes in week:  # as the app stores TIME on each backend
                    connection.execute(OpeningHours.__table__.insert().values(
                        center_id=center_id, weekday=weekday, opens_at=opens, closes_at=closes))
            connection.execute(text("INSERT INTO special_closures (center_id, starts_on, ends_on, reason) "
                                    "VALUES (2, '2027-01-05', '2027-01-05', '')"))

        def masks() -> list[tuple]:
            with db.engine.connect() as connection:
                return [tuple(row) for row in connection.execute(text(
                    f"SELECT {', '.join(columns)} FROM centers ORDER BY id"))]
        expected = [hours_masks(spans[1]), hours_masks(spans[2], closures=True), (0,) * 6]
        upgrade()
        assert masks() == expected
        assert expected[0] != (0,) * 6 and expected[1][:3] != (0, 0, 0)
        spatial = {index["name"]: index["column_names"] for index in inspect(db.engine).get_indexes("centers")}
        names = spatial["ix_centers_spatial"]  # the hours' columns after the time zone (0029 appends two more)
        assert names[names.index("timezone"):names.index("timezone") + 7] == ["timezone", *columns]
        downgrade(revision="0018_price_index")
        assert not set(columns) & {column["name"] for column in inspect(db.engine).get_columns("centers")}
        with db.engine.connect() as connection:  # going down keeps the centers and their hours
            assert connection.execute(text("SELECT count(*) FROM opening_hours")).scalar() == 9
        upgrade()
        assert masks() == expected
        with db.engine.connect() as connection:  # 0021: the cell's hours are what any of its centers is open at
            cells = [tuple(row) for row in connection.execute(text(
                "SELECT cell_lat, cell_lng, timezone, hours_0, hours_1, hours_2 FROM open_hours_cells"))]
        either = [a | b for a, b in zip(expected[0][:3], expected[1][:3], strict=True)]
        assert cells == [(248, 670, "Asia/Karachi", *either)]
        db.engine.dispose()


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migrations_0023_0024_rebuild_the_text_indexes_and_find_existing_documents(databases):
    from directory.models import Center
    from directory.models.center_index import latitude_band
    from directory.models.search import FTS_TABLE, SQLITE_FTS
    from directory.services.search import SearchQuery, search

    def found(q: str) -> list[str]:
        result = search(db.session, SearchQuery(q=q), geocode=lambda _text: None, timezone="Asia/Karachi")
        return [hit.center.slug for hit in result.hits]

    app = make_app(databases.new("fts_prefixes"))
    with app.app_context():
        upgrade(revision="0022_rank_index_filters")
        center_id = db.session.execute(Center.__table__.insert().values(
            slug="serenity", name="Serenity Spas", kind="day_spa", address="x", area="Clifton", city="Karachi",
            latitude=24.8138, longitude=67.03, lat_band=latitude_band(24.8138), status="published")
        ).inserted_primary_key[0]
        db.session.execute(text("INSERT INTO center_documents (center_id, body) VALUES (:id, :body)"),
                           {"id": center_id, "body": "Serenity Spas Day spa Clifton Karachi"})
        db.session.commit()
        db.session.remove()
        upgrade()
        if BACKEND == "sqlite":  # the table the migration built is the one the models build
            with db.engine.connect() as connection:
                built = connection.scalar(text("SELECT sql FROM sqlite_master WHERE name = :name"), {"name": FTS_TABLE})
            assert built == SQLITE_FTS[0]
        assert [found(q) for q in ("seren", "spas", "serenity karachi", "cl", "calm")] == [["serenity"]] * 4 + [[]]
        db.session.remove()
        downgrade(revision="0022_rank_index_filters")  # rebuilt without the prefix indexes, then with them again
        upgrade()
        assert found("seren") == ["serenity"]
        db.session.remove()
        db.engine.dispose()


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migration_0030_stores_each_document_as_the_words_search_compares(databases, monkeypatch):
    """Documents written before 0030 (text as entered, Urdu folded) become their words, as search_document writes
    them now, and are found the same way candidate by candidate and from the full-text index; down and up again."""
    from directory.models import Center
    from directory.models.center_index import latitude_band
    from directory.models.search import FTS_TABLE, SQLITE_FTS
    from directory.services import search_text
    from directory.services.search import SearchQuery, search
    from directory.text import search_document

    bodies = ["Café Naïve (DHA) Spa-Centre", "پرسکون ماحول  ارام دہ کمرے ", "ﬁne STRASSE Ølberg", ""]

    def found(q: str, limit: int) -> list[str]:
        monkeypatch.setattr(search_text, "few_limit", lambda _centers: limit)
        monkeypatch.setattr(search_text, "some_limit", lambda _centers, _reads: limit)
        search_text.SIZES.forget()
        result = search(db.session, SearchQuery(q=q), geocode=lambda _text: None, timezone="Asia/Karachi")
        return sorted(hit.center.slug for hit in result.hits)

    app = make_app(databases.new("document_words"))
    with app.app_context():
        upgrade(revision="0029_spatial_gender_kind")
        for n, body in enumerate(bodies):
            center_id = db.session.execute(Center.__table__.insert().values(
                slug=f"w{n}", name=f"W{n}", kind="day_spa", address="x", area="Clifton", city="Karachi",
                latitude=24.8138, longitude=67.03, lat_band=latitude_band(24.8138), status="published")
            ).inserted_primary_key[0]
            db.session.execute(text("INSERT INTO center_documents (center_id, body) VALUES (:id, :body)"),
                               {"id": center_id, "body": body})
        db.session.commit()
        db.session.remove()
        for _ in range(2):
            upgrade()
            stored = db.session.scalars(text("SELECT body FROM center_documents ORDER BY center_id")).all()
            assert stored == [search_document(body) for body in bodies]
            assert stored[0] == " cafe naive dha spa centre "
            if BACKEND == "sqlite":  # the table the migration built is the one the models build
                built = db.session.scalar(text("SELECT sql FROM sqlite_master WHERE name = :name"),
                                          {"name": FTS_TABLE})
                assert built == SQLITE_FTS[0]
            for limit in (10**6, 0):  # read from the full-text index; each candidate's document tested
                assert [found(q, limit) for q in ("cafe", "café centre", "ارام", "آرام", "strasse", "fine", "ø",
                                                "naive dha")] == [["w0"], ["w0"], ["w1"], ["w1"], ["w2"],
                                                                  ["w2"], ["w2"], ["w0"]]
            db.session.remove()
            downgrade(revision="0029_spatial_gender_kind")
        db.engine.dispose()


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migration_0025_copies_each_line_s_price_and_its_center_s_status_place_and_date_and_indexes_them(databases):
    app = make_app(databases.new("price_copies"))
    copies = ["price_key", "center_status", "center_latitude", "center_longitude", "center_confirmed_at"]
    with app.app_context():
        upgrade(revision="0024_document_terms")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO services (id, slug, name, summary, description, pressure, best_for, cautions) VALUES "
                "(5, 'swedish', 'Swedish', '', '', '', '[]', '[]')"))
            for center_id, lat, lng, confirmed in ((1, 24.8, 67.03, "2026-11-30 10:00:00"), (2, 31.5, 74.3, None)):
                connection.execute(text(
                    "INSERT INTO centers (id, slug, name, kind, description, address, area, city, country, latitude, "
                    "longitude, lat_band, timezone, gender_policy, amenities, status, created_at, updated_at, "
                    "confirmed_at, rating_count, rating_sum, rating_1, rating_2, rating_3, rating_4, rating_5) VALUES "
                    "(:id, :slug, 'x', 'day_spa', '', 'x', '', 'Karachi', 'Pakistan', :lat, :lng, 0, 'Asia/Karachi', "
                    "'mixed', '[]', 'published', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :confirmed, 0, 0, 0, 0, 0, 0, "
                    "0)"), {"id": center_id, "slug": f"c{center_id}", "lat": lat, "lng": lng, "confirmed": confirmed})
                for price, minutes in ((3000, 60), (4000, 90)):
                    connection.execute(text(
                        "INSERT INTO center_services (center_id, service_id, name, description, duration_min, "
                        "price_pkr, position) VALUES (:id, 5, 'Swedish', '', :minutes, :price, 0)"),
                        {"id": center_id, "price": price, "minutes": minutes})
            connection.execute(text("UPDATE centers SET status = 'suspended' WHERE id = 2"))

        def lines() -> list[tuple]:
            with db.engine.connect() as connection:
                return [(*row[:5], str(row[5])[:19] if row[5] else None) for row in connection.execute(
                    text(f"SELECT center_id, {', '.join(copies)} FROM center_services ORDER BY id"))]
        expected = [(1, 3000, "published", 24.8, 67.03, "2026-11-30 10:00:00"),
                    (1, 2667, "published", 24.8, 67.03, "2026-11-30 10:00:00"),
                    (2, 3000, "suspended", 31.5, 74.3, None), (2, 2667, "suspended", 31.5, 74.3, None)]
        upgrade()
        assert lines() == expected
        indexes = {index["name"]: index["column_names"] for index in inspect(db.engine).get_indexes("center_services")}
        assert indexes["ix_center_services_price_name"][:1] + indexes["ix_center_services_price_name"][-4:] == copies
        assert indexes["ix_center_services_service_price_name"][1:2] == ["price_key"]
        downgrade(revision="0024_document_terms")
        assert not set(copies) & {column["name"] for column in inspect(db.engine).get_columns("center_services")}
        upgrade()
        assert lines() == expected
        db.engine.dispose()


def test_migration_0031_gives_each_center_its_menu_s_lowest_price_and_indexes_the_night_s_sorts(databases):
    """Centers written before 0031 get the lowest price per 60 minutes on their menu (none: after every price), and
    the night's sort indexes exist; down and up again keeps them."""
    app = make_app(databases.new("night_sorts"))
    with app.app_context():
        upgrade(revision="0030_document_words")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO services (id, slug, name, summary, description, pressure, best_for, cautions) VALUES "
                "(5, 'swedish', 'Swedish', '', '', '', '[]', '[]')"))
            for center_id in (1, 2):
                connection.execute(text(
                    "INSERT INTO centers (id, slug, name, kind, description, address, area, city, country, latitude, "
                    "longitude, lat_band, timezone, gender_policy, amenities, status, created_at, updated_at, "
                    "rating_count, rating_sum, rating_1, rating_2, rating_3, rating_4, rating_5) VALUES "
                    "(:id, :slug, 'x', 'day_spa', '', 'x', '', 'Karachi', 'Pakistan', 24.8, 67.03, 0, 'Asia/Karachi', "
                    "'mixed', '[]', 'published', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0, 0, 0, 0, 0, 0, 0)"),
                    {"id": center_id, "slug": f"c{center_id}"})
            for price, minutes in ((3000, 60), (3500, 90), (2000, 30)):  # per 60 minutes: 3,000, 2,333, 4,000
                connection.execute(text(
                    "INSERT INTO center_services (center_id, service_id, name, description, duration_min, price_pkr, "
                    "position) VALUES (1, 5, 'Swedish', '', :minutes, :price, 0)"),
                    {"price": price, "minutes": minutes})

        def lowest() -> list[tuple]:
            with db.engine.connect() as connection:
                return [tuple(row) for row in connection.execute(
                    text("SELECT id, lowest_price_key FROM centers ORDER BY id"))]
        upgrade()
        assert lowest() == [(1, 2333), (2, 1_000_000_000)]
        indexes = {index["name"]: index["column_names"] for index in inspect(db.engine).get_indexes("centers")}
        for key in ("rating_rank", "review_rank", "lowest_price_key"):
            assert indexes[f"ix_centers_night_{key}"][:2] == ["status", key]
        downgrade(revision="0030_document_words")
        assert "lowest_price_key" not in {column["name"] for column in inspect(db.engine).get_columns("centers")}
        upgrade()
        assert lowest() == [(1, 2333), (2, 1_000_000_000)]
        db.engine.dispose()
