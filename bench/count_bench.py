"""Benchmark count_within() (the capped count of a search with a place) as it was and as it is, side by side.

    .venv/bin/python bench/count_bench.py --repeat 15 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/sukoon_bench_1m

"range" is the count written as one range condition over the box (the only form before issue 17; still SQLite's);
"per band" is PostgreSQL's form now, the box's latitude bands one at a time (LATERAL), each stopped by the cap
(directory/geo/nearby.py, _band_count_query). Each is run on two connections: one that never prepares statements
(every run planned with its values, as the first runs on any connection are) and one with psycopg's default
(prepared at the fifth run; PostgreSQL may then switch to a generic plan after five more). The last rows time the
whole search() of the issue's case (5 km around Clifton by distance, 20 a page) with either count. Variants take turns
run by run; each answer is compared with a brute force that tests every center's distance.
"""
import argparse
import math
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from sqlalchemy import Float, Integer, and_, bindparam, create_engine, func, or_, select, text
from sqlalchemy.orm import Session

from directory import create_app
from directory.extensions import db
from directory.geo import nearby as geo
from directory.geo.distance import km_to_h
from directory.geo.gazetteer import Place
from directory.models import Center, CenterStatus
from directory.services import search as search_service
from directory.services.search import SearchQuery, search
from directory.services.search_filters import amenities_condition, text_condition

CAP = 200
# name: (lat, lng, radius km, filters)
PLACES = {
    "Clifton 5 km (the issue's case)": (24.8138, 67.03, 5, None),
    "Clifton 5 km + prayer area": (24.8138, 67.03, 5, "amenity"),
    "Clifton 5 km + text 'serene'": (24.8138, 67.03, 5, "text"),
    "Karachi 50 km": (24.86, 67.01, 50, None),
    "Karachi 50 km, cap 5,000 (dense-circle test)": (24.86, 67.01, 50, "dense"),
    "Multan 5 km": (30.2, 71.47, 5, None),
    "Multan 50 km": (30.2, 71.47, 50, None),
    "Sahara 100 km (sparse)": (23.0, 10.0, 100, None),
    "Fiji 5 km (across the antimeridian)": (-16.5, 179.999, 5, None),
}


def conditions(session, kind):
    if kind == "amenity":
        return [amenities_condition(["prayer_area"])]
    if kind == "text":
        return [text_condition(session, "serene")]
    return []


def old_count_query(ranges: int, where: tuple):
    """The statement count_within() ran before: one box condition, `status = 'published'` a plain term."""
    box = and_(Center.lat_band.in_(bindparam("bands", expanding=True)),
               or_(*(Center.longitude.between(bindparam(f"west{i}"), bindparam(f"east{i}")) for i in range(ranges))),
               Center.latitude.between(bindparam("min_lat"), bindparam("max_lat")),
               Center.status == CenterStatus.PUBLISHED)
    inner = select(Center.id).where(box, geo._H <= bindparam("max_h", type_=Float), *where).limit(
        bindparam("cap", type_=Integer))
    return select(func.count()).select_from(inner.subquery())


RANGE_PLAIN = {ranges: old_count_query(ranges, ()) for ranges in (1, 2)}


def range_count(session, lat, lng, *, radius_km, where=(), cap=CAP):
    """count_within() as it was: one range condition over the whole box."""
    lat, lng = round(lat, 6), round(lng, 6)
    params = {"lat": lat, "lng": lng, "cos_lat": math.cos(lat * geo.RAD), "max_h": km_to_h(radius_km), "cap": cap + 1,
              **geo._box_params(lat, lng, radius_km)}
    ranges = 1 if "west1" not in params else 2
    stmt = old_count_query(ranges, tuple(where)) if where else RANGE_PLAIN[ranges]  # prebuilt, as it was
    total = session.scalar(stmt, params) or 0
    return min(total, cap), total > cap


def brute_force(session, lat, lng, radius_km, where, cap):
    h = geo.haversine_h_sql(lat, lng)
    total = session.scalar(select(func.count()).where(Center.status == CenterStatus.PUBLISHED,
                                                      h <= km_to_h(radius_km), *where))
    return min(total, cap), total > cap


def load() -> str:
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def run(url: str, repeat: int) -> list[dict]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "CACHE_TYPE": "NullCache"})
    rows = []
    with app.app_context():
        unprepared = create_engine(url, connect_args={"prepare_threshold": None})
        sessions = {"custom plans": Session(unprepared), "prepared (psycopg default)": Session(db.engine)}
        vacuum = db.session.execute(text("SELECT relallvisible::float / greatest(relpages, 1), "
                                         "coalesce(greatest(last_vacuum, last_autovacuum)::text, 'never') "
                                         "FROM pg_class JOIN pg_stat_user_tables ON relid = pg_class.oid "
                                         "WHERE pg_class.relname = 'centers'")).one()
        print(f"{url}: {db.session.scalar(select(func.count(Center.id))):,} centers, all-visible "
              f"{vacuum[0]:.0%}, vacuumed {vacuum[1]}; {load()}", flush=True)
        counts = {"range (before)": range_count, "per band (now)": geo.count_within}
        timings: dict[tuple, list[float]] = {}
        answers: dict[tuple, tuple] = {}
        for attempt in range(repeat + 1):  # the first is untimed
            for place, (lat, lng, radius, kind) in PLACES.items():
                cap = 5000 if kind == "dense" else CAP
                for mode, session in sessions.items():
                    where = conditions(session, kind)
                    for variant, count in counts.items():
                        started = time.perf_counter()
                        answer = count(session, lat, lng, radius_km=radius, where=where, cap=cap)
                        if attempt:
                            timings.setdefault((place, mode, variant), []).append(
                                (time.perf_counter() - started) * 1000)
                        answers[(place, mode, variant)] = answer
            # The request: search() with either count (origin given, so no geocoding), 20 a page.
            query = SearchQuery(place=Place(24.8138, 67.03, "Clifton", "point"), radius_km=5, sort="distance")
            for mode, session in sessions.items():
                for variant, count in counts.items():
                    search_service.count_within = count
                    started = time.perf_counter()
                    result = search(session, query, geocode=lambda _: None, timezone="Asia/Karachi")
                    if attempt:
                        timings.setdefault(("search(): Clifton 5 km by distance", mode, variant), []).append(
                            (time.perf_counter() - started) * 1000)
                    answers[("search(): Clifton 5 km by distance", mode, variant)] = (result.total, result.capped)
            search_service.count_within = geo.count_within
        print(f"  timed; {load()}", flush=True)
        for place, (lat, lng, radius, kind) in [*PLACES.items(), ("search(): Clifton 5 km by distance",
                                                                   (24.8138, 67.03, 5, None))]:
            expected = brute_force(db.session, lat, lng, radius, conditions(db.session, kind),
                                   5000 if kind == "dense" else CAP)
            for mode in sessions:
                for variant in counts:
                    values = timings[(place, mode, variant)]
                    rows.append({"url": url, "case": place, "mode": mode, "variant": variant,
                                 "median": statistics.median(values), "max": max(values),
                                 "answer": answers[(place, mode, variant)],
                                 "equal": answers[(place, mode, variant)] == expected})
        for session in sessions.values():
            session.close()
        unprepared.dispose()
        db.engine.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", action="append", required=True, help="repeat to compare databases")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    print(f"machine: {platform.node()} {platform.machine()}, python {platform.python_version()}")
    for url in args.database_url:
        rows = run(url, args.repeat)
        print(f"\n{url}\n\n| case | connection | range (before) median / max ms | per band (now) median / max ms | "
              "answer | brute force |")
        print("|---|---|---:|---:|---|---|")
        for before, after in zip(rows[::2], rows[1::2], strict=True):
            total, over = after["answer"]
            print(f"| {before['case']} | {before['mode']} | {before['median']:.2f} / {before['max']:.1f} | "
                  f"{after['median']:.2f} / {after['max']:.1f} | {total}{'+' if over else ''} | "
                  f"{'both equal' if before['equal'] and after['equal'] else '**DIFFERENT**'} |", flush=True)


if __name__ == "__main__":
    main()
