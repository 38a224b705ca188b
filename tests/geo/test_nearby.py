"""nearby() returns exactly what a brute-force scan would, including at the antimeridian and the poles."""
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, text

from directory.extensions import db
from directory.geo.distance import bounding_box, haversine_km, km_to_h
from directory.geo.nearby import _ladder, count_within, nearby
from directory.models import Center
from directory.services.search_filters import amenities_condition


def add_points(points):
    db.session.execute(db.delete(Center))
    for index, (lat, lng) in enumerate(points):
        db.session.add(Center(slug=f"p-{index}", name=f"P{index}", address="x", city="Test", latitude=lat,
                              longitude=lng, status="published"))
    db.session.commit()
    return {center.id: (center.latitude, center.longitude) for center in db.session.scalars(db.select(Center))}


def brute_force(points, lat, lng, radius_km, limit):
    distances = sorted((haversine_km(lat, lng, *point), center_id) for center_id, point in points.items())
    return [(center_id, d) for d, center_id in distances if d <= radius_km][:limit]


def assert_same(found, expected):
    assert [center_id for center_id, _ in found] == [center_id for center_id, _ in expected]
    assert all(math.isclose(a, b, abs_tol=1e-6) for (_, a), (_, b) in zip(found, expected, strict=True))


def test_karachi_nearest_in_order(app):
    points = add_points([(24.8138, 67.0300), (24.8200, 67.0350), (24.7937, 67.0650), (24.9204, 67.0932),
                         (31.5204, 74.3487)])
    found = nearby(db.session, 24.8138, 67.0300, radius_km=10, limit=10)
    assert_same(found, brute_force(points, 24.8138, 67.0300, 10, 10))
    assert len(found) == 3 and found[0][1] == pytest.approx(0, abs=1e-9)


def test_radius_edge_is_inclusive_and_exclusive_beyond(app):
    points = add_points([(0.0, 0.0), (0.0, 0.0899), (0.0, 0.0900)])  # ~9.997 km and ~10.008 km east
    found = nearby(db.session, 0.0, 0.0, radius_km=10, limit=10)
    assert_same(found, brute_force(points, 0.0, 0.0, 10, 10))
    assert len(found) == 2


def test_antimeridian_neighbours_are_found(app):
    points = add_points([(0.0, 179.99), (0.0, -179.99), (0.0, 179.0)])
    found = nearby(db.session, 0.0, 179.995, radius_km=5, limit=10)
    assert_same(found, brute_force(points, 0.0, 179.995, 5, 10))
    assert len(found) == 2
    assert count_within(db.session, 0.0, -179.999, radius_km=5) == (2, False)


def test_poles_do_not_crash_and_see_every_longitude(app):
    points = add_points([(89.99, 0.0), (89.99, 120.0), (89.99, -120.0), (-89.99, 45.0)])
    found = nearby(db.session, 90.0, 0.0, radius_km=5, limit=10)
    assert_same(found, brute_force(points, 90.0, 0.0, 5, 10))
    assert len(found) == 3
    assert [c for c, _ in nearby(db.session, -90.0, 10.0, radius_km=5, limit=10)]


def test_offset_pages_continue_the_order(app):
    points = add_points([(24.8 + i * 0.001, 67.0) for i in range(30)])
    first = nearby(db.session, 24.8, 67.0, radius_km=50, limit=10)
    second = nearby(db.session, 24.8, 67.0, radius_km=50, limit=10, offset=10)
    assert_same(first + second, brute_force(points, 24.8, 67.0, 50, 20))


def test_count_is_capped(app):
    add_points([(24.8 + i * 0.0001, 67.0) for i in range(12)])
    assert count_within(db.session, 24.8, 67.0, radius_km=10, cap=10) == (10, True)
    assert count_within(db.session, 24.8, 67.0, radius_km=10, cap=20) == (12, False)


def test_a_filtered_count_with_a_budget_reads_at_most_that_many_entries_and_says_it_is_a_lower_bound(app):
    """300 centers in the box, every tenth one a physiotherapy clinic: an exact count needs every entry read."""
    db.session.execute(db.delete(Center))
    for index in range(300):
        db.session.add(Center(slug=f"p-{index}", name=f"P{index}", address="x", city="Test", latitude=24.8,
                              longitude=67.0 + index * 0.0001, status="published",
                              kind="physiotherapy" if index % 10 == 0 else "day_spa"))
    db.session.commit()
    clinics = [Center.kind == "physiotherapy"]
    assert count_within(db.session, 24.8, 67.0, radius_km=10, where=clinics, cap=200) == (30, False)
    assert count_within(db.session, 24.8, 67.0, radius_km=10, where=clinics, cap=200, budget=1000) == (30, False)
    assert count_within(db.session, 24.8, 67.0, radius_km=10, where=clinics, cap=200, budget=300) == (30, False)
    # the first 100 centers in index order (westmost first) hold 10 clinics: at least 10
    assert count_within(db.session, 24.8, 67.0, radius_km=10, where=clinics, cap=200, budget=100) == (10, True)
    assert count_within(db.session, 24.8, 67.0, radius_km=10, where=clinics, cap=5, budget=100) == (5, True)
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        count_within(db.session, 24.8, 67.0, radius_km=10, where=clinics, cap=200, budget=100)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) == 2 and all("LIMIT" in statement for statement in statements)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(points=st.lists(st.tuples(st.floats(-0.6, 0.6), st.floats(-0.9, 0.9)), min_size=1, max_size=60),
       origin=st.tuples(st.floats(-79, 79), st.floats(-180, 180)), radius=st.floats(1, 80),
       number=st.integers(0, 40))
def test_more_in_circle_than_agrees_with_counting_every_center(app, points, origin, radius, number):
    """The square inside the circle only ever answers "more" when the circle holds more (the budgeted total's
    lower bound rests on it)."""
    from directory.geo.nearby import _box_params, _more_in_circle_than
    origin = (round(origin[0], 7), round(origin[1], 7))
    stored = add_points([(origin[0] + dlat, (origin[1] + dlng + 180) % 360 - 180) for dlat, dlng in points])
    inside = len(brute_force(stored, *origin, radius, len(stored)))
    dialect = db.session.get_bind().dialect.name
    params = {"lat": origin[0], "lng": origin[1], "cos_lat": math.cos(math.radians(origin[0])),
              "max_h": km_to_h(radius), **_box_params(*origin, radius)}
    assert _more_in_circle_than(db.session, dialect, params, *origin, radius, number) == (inside > number)


def test_tiny_coordinate_differences_do_not_break_the_database(app):
    """PostgreSQL raises on float underflow; coordinates are rounded to 7 decimals so sin(tiny)**2 never happens."""
    add_points([(0.0, 2.6e-214), (1e-300, 0.0)])
    assert len(nearby(db.session, 0.0, 0.0, radius_km=5, limit=5)) == 2
    assert len(nearby(db.session, 1e-250, -1e-250, radius_km=5, limit=5)) == 2


def test_bounding_box_splits_at_the_antimeridian():
    box = bounding_box(0.0, 179.99, 5)
    assert len(box.lng_ranges) == 2 and box.lng_ranges[1][0] == -180.0


latitudes = st.floats(-89.5, 89.5)
longitudes = st.floats(-180, 180)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(points=st.lists(st.tuples(latitudes, longitudes), min_size=1, max_size=40),
       origin=st.tuples(latitudes, longitudes), radius=st.floats(0.5, 100), limit=st.integers(1, 15),
       cluster=st.booleans())
def test_index_backed_results_equal_brute_force(app, points, origin, radius, limit, cluster):
    if cluster:  # most points near the origin, so the expanding box has work to do
        points = [(max(-89.9, min(89.9, origin[0] + (lat % 1) * 0.5)),
                   ((origin[1] + (lng % 1) * 0.5 + 180) % 360) - 180) for lat, lng in points]
    stored = add_points(points)
    origin = (round(origin[0], 7), round(origin[1], 7))  # coordinates are kept to 7 decimals (~1 cm)
    found = nearby(db.session, *origin, radius_km=radius, limit=limit)
    assert_same(found, brute_force(stored, *origin, radius, limit))


@given(lat=st.floats(-85, 85), lng=st.floats(-179, 179), radius=st.floats(0.05, 100))
def test_the_one_statement_ladder_fits_every_box_away_from_the_antimeridian_and_poles(lat, lng, radius):
    """Each ladder box spans at most as many latitude bands as its IN list has slots, so the fast path applies."""
    ladder = _ladder(lat, lng, radius)
    assert ladder is not None
    sizes, _ = ladder
    assert sizes == sorted(sizes)
    assert sizes[-1] <= radius


COMFORT = ("female_therapists", "prayer_area", "wheelchair_access", "couples_room")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(points=st.lists(st.tuples(st.floats(-0.3, 0.3), st.floats(-0.3, 0.3), st.sets(st.sampled_from(COMFORT))),
                       min_size=1, max_size=40),
       origin=st.tuples(latitudes, longitudes), wanted=st.sets(st.sampled_from(COMFORT), min_size=1, max_size=2),
       radius=st.floats(0.5, 60), limit=st.integers(1, 15))
def test_amenity_filtered_results_equal_brute_force(app, points, origin, wanted, radius, limit):
    """The comfort filter read from the spatial index keeps exactly the centers with every wanted amenity."""
    origin = (round(origin[0], 7), round(origin[1], 7))
    db.session.execute(db.delete(Center))
    for index, (dlat, dlng, amenities) in enumerate(points):  # around the origin, so the box has work to do
        db.session.add(Center(slug=f"p-{index}", name=f"P{index}", address="x", city="Test",
                              latitude=max(-89.9, min(89.9, origin[0] + dlat)),
                              longitude=(origin[1] + dlng + 180) % 360 - 180, amenities=sorted(amenities),
                              status="published"))
    db.session.commit()
    stored = {center.id: (center.latitude, center.longitude) for center in db.session.scalars(db.select(Center))
              if wanted <= set(center.amenities)}
    found = nearby(db.session, *origin, radius_km=radius, limit=limit, where=[amenities_condition(sorted(wanted))])
    assert_same(found, brute_force(stored, *origin, radius, limit))


def centers_read(run) -> list[str]:
    """SQLite's plan lines that read the centers table, for every statement `run()` executes."""
    plans = []

    def explain(conn, cursor, statement, parameters, context, executemany):
        if "FROM centers" in statement:
            plans.extend(row[3] for row in cursor.connection.execute("EXPLAIN QUERY PLAN " + statement, parameters))

    event.listen(db.engine, "before_cursor_execute", explain)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", explain)
    return [line for line in plans if line.startswith(("SEARCH centers", "SCAN centers"))]


@pytest.mark.parametrize("statistics", ["none", "stale", "fresh"])
def test_sqlite_reads_the_box_through_the_spatial_index_whatever_the_statistics(app, statistics):
    """Every statement of nearby() and count_within() seeks ix_centers_spatial, also when SQLite has no statistics
    for the indexes led by status (a database never analysed, or migrated past 0017 without ANALYZE): as a plain
    `status = ?` term, SQLite read every published center through ix_centers_status_deleted_at for the ladder's
    1.6 km box (850 ms at 1M instead of 0.35 ms). "fresh": a young database analysed, where every leading column
    of the rating index holds few values, so SQLite would skip-scan to its latitude were no unique column before it
    (0028)."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's planner")
    add_points([(24.80 + index * 0.001, 67.00) for index in range(300 if statistics == "fresh" else 30)])
    if statistics == "fresh":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        db.session.execute(text("ANALYZE sqlite_schema"))
    if statistics == "stale":  # what the bench databases held: every index described except the newest
        db.session.execute(text("ANALYZE"))
        for index, stat in (("ix_centers_spatial", "1000000 39 1 1 1 1 1 1 1"),
                            ("ix_centers_status_rating_rank", "1000000 1000000 276")):
            db.session.execute(text("DELETE FROM sqlite_stat1 WHERE idx = :index"), {"index": index})
            db.session.execute(text("INSERT INTO sqlite_stat1 VALUES ('centers', :index, :stat)"),
                               {"index": index, "stat": stat})
        db.session.execute(text("DELETE FROM sqlite_stat1 WHERE idx = 'ix_centers_status_deleted_at'"))
        db.session.commit()
        db.session.execute(text("ANALYZE sqlite_schema"))  # load them

    def run() -> None:
        nearby(db.session, 24.81, 67.0, radius_km=50, limit=20)  # the ladder (three boxes), then the 6.4 km box
        nearby(db.session, 24.81, 67.0, radius_km=50, limit=20, where=[amenities_condition(["prayer_area"])])
        count_within(db.session, 24.81, 67.0, radius_km=5)
        count_within(db.session, 24.81, 67.0, radius_km=50)
        count_within(db.session, 0.0, 179.999, radius_km=5, where=[amenities_condition(["prayer_area"])])
    reads = centers_read(run)
    assert len(reads) >= 7
    assert all("USING COVERING INDEX ix_centers_spatial " in line for line in reads), reads


def test_sqlite_tests_a_gender_policy_and_a_kind_near_a_place_on_the_spatial_index_alone(app):
    """"Women only" or "physiotherapy, men only" near a place: the spatial index holds both columns (0029), so no
    center's row is read to test them (physiotherapy + men only within 50 km of Karachi at 1M: 24-35 ms -> 3-4)."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's planner")
    add_points([(24.80 + index * 0.001, 67.00) for index in range(30)])

    def run() -> None:
        for where in ([Center.gender_policy.in_(["women_only"])],
                      [Center.gender_policy.in_(["men_only"]), Center.kind == "physiotherapy"]):
            nearby(db.session, 24.81, 67.0, radius_km=50, limit=20, where=where)
            count_within(db.session, 24.81, 67.0, radius_km=50, where=where)
    reads = centers_read(run)
    assert len(reads) >= 4
    assert all("USING COVERING INDEX ix_centers_spatial " in line for line in reads), reads
