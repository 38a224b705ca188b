"""Generate N synthetic published centers into any database URL, for benchmarking spatial search.

    .venv/bin/python bench/generate.py --count 1000000 --database-url sqlite:////work/main/bench/data/centers-1m.db
    .venv/bin/python bench/generate.py --count 100000 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/sukoon_bench

The schema comes from the project's Alembic migrations; rows go in with SQLAlchemy Core, one transaction per batch.
Deterministic for a given --seed (the first N rows are the same whatever --count or --batch):
- 20% gaussian clusters around 15 Karachi neighbourhoods (seeds/gazetteer/karachi.csv, sigma 0.5-2 km);
- 50% around other cities in seeds/gazetteer/cities.csv, picked by population, sigma 2-15 km by city size;
- 30% uniform background (latitude -56..70, any longitude); 0.1% of all rows sit within 1 degree of the
  antimeridian or beyond 80 degrees of latitude, and the first rows of a run are fixed extremes (poles, +-180).
Each center gets 1-4 menu lines, amenities (AMENITY_SHARES), weekly opening hours (week_hours), a center_documents
row (full-text search) and a rating histogram consistent with rating_count and rating_sum. There are no therapists
or reviews: the credential and review filters are not benchmarked at scale.
"""
import argparse
import csv
import json
import math
import random
import sys
import time
from datetime import time as clock_time
from datetime import timedelta
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

import flask_migrate
from sqlalchemy import create_engine, func, insert, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from directory import create_app
from directory.extensions import db
from directory.models import Center, CenterDocument, CenterService, OpeningHours, Service
from directory.models.base import utcnow
from directory.models.center_index import amenity_mask, hours_masks, latitude_band, service_bit
from directory.progress import progress_bar
from directory.services.city_counts import refresh_city_counts
from directory.services.open_cells import rebuild_open_cells
from directory.services.search_index import merge_text_index
from directory.text import search_document

ROOT = Path(__file__).resolve().parent.parent
GAZETTEER = ROOT / "seeds" / "gazetteer"
KM_PER_DEGREE = 111.32
KARACHI_HOTSPOTS = ("Clifton", "DHA", "Saddar", "Gulshan-e-Iqbal", "North Nazimabad", "PECHS", "Korangi",
                    "Gulistan-e-Jauhar", "Bahadurabad", "Tariq Road", "Federal B Area", "Nazimabad", "Malir",
                    "Sea View", "Scheme 33")
FIXED_EDGES = [(90.0, 0.0), (-90.0, 0.0), (89.95, 179.99), (0.0, 180.0), (0.0, -180.0), (-16.5, 179.999),
               (-16.5, -179.999)]
KINDS = {"massage_center": 45, "day_spa": 30, "hotel_spa": 15, "physiotherapy": 10}
GENDERS = {"mixed": 45, "women_only": 25, "separate_sections": 20, "men_only": 10}
ADJECTIVES = ("Serene", "Golden", "Tranquil", "Royal", "Blue", "Silent", "Green", "Pure", "Calm", "Velvet", "Amber",
              "Lotus", "Ocean", "Gentle", "Urban", "Zen", "Crystal", "Jasmine", "Sapphire", "Cedar")
NOUNS = ("Lotus", "Palm", "Stone", "River", "Garden", "Oasis", "Moon", "Breeze", "Harbor", "Pearl", "Orchid",
         "Willow", "Sands", "Lantern", "Meadow", "Bamboo", "Dune", "Rose", "Tide", "Haven")
SUFFIXES = ("Spa", "Massage", "Wellness")
AREAS = ("Central", "Old Town", "North", "South", "East", "West", "Market", "Riverside", "University", "Station")
DURATIONS = (30, 45, 60, 90, 120)
# Share of centers with each amenity (a guess at Karachi listings; the comfort-filter bench needs realistic rarity).
AMENITY_SHARES = {"female_therapists": 0.65, "male_therapists": 0.55, "couples_room": 0.12, "wheelchair_access": 0.2,
                  "prayer_area": 0.3, "private_rooms": 0.45, "parking": 0.5, "shower": 0.6, "sauna": 0.15,
                  "steam_room": 0.3, "jacuzzi": 0.1, "home_visits": 0.1, "card_payment": 0.6, "air_conditioned": 0.8}

HOURS_COLUMNS = ("hours_mask_0", "hours_mask_1", "hours_mask_2", "hours_full_0", "hours_full_1", "hours_full_2")
HOURS_NONE, HOURS_24H_ABROAD, HOURS_LATE = 0.10, 0.02, 0.10  # shares of week_hours' kinds of week


def week_hours(rng: random.Random, pakistan: bool) -> list[tuple[int, clock_time, clock_time]]:
    """A center's weekly opening spans (weekday, opens, closes), from the hours generator alone.

    10% have no hours; outside Pakistan 2% are open 24 hours (none in Pakistan, so nothing there is open between
    03:00 and 09:00); 10% open at noon-16:00 until 01:00-03:00 the next day, every day; the rest open 09:00-11:00
    until 20:00-23:00, a quarter of them closed one weekday and a tenth with a Friday prayer break (13:00-15:00).
    Always nine draws per center, so a center's hours do not depend on its neighbours' kinds of week.
    """
    kind, day_off, split, opens, closes, late_open, late_close, off_day, _spare = (rng.random() for _ in range(9))
    if kind < HOURS_NONE:
        return []
    if kind < HOURS_NONE + HOURS_24H_ABROAD and not pakistan:
        return [(day, clock_time(0), clock_time(0)) for day in range(7)]
    if kind < HOURS_NONE + HOURS_24H_ABROAD + HOURS_LATE:
        start = clock_time(12 + 2 * int(late_open * 3))  # 12:00, 14:00 or 16:00
        end = clock_time(1 if late_close < 0.6 else 2 if late_close < 0.9 else 3)
        return [(day, start, end) for day in range(7)]
    start = clock_time(9 if opens < 0.2 else 10 if opens < 0.8 else 11)
    end = clock_time(20 if closes < 0.1 else 21 if closes < 0.3 else 22 if closes < 0.8 else 23)
    closed = int(off_day * 7) if day_off < 0.25 else None
    spans = []
    for day in range(7):
        if day == closed:
            continue
        if day == 4 and split < 0.1:  # Friday prayers
            spans += [(day, start, clock_time(13)), (day, clock_time(15), end)]
        else:
            spans.append((day, start, end))
    return spans


def load_places(rng: random.Random) -> dict:
    """Karachi hotspots, population-weighted cities and a 1-degree grid of the largest city per cell."""
    with open(GAZETTEER / "karachi.csv", encoding="utf-8") as f:
        karachi = {row["name"]: row for row in csv.DictReader(f) if row["city"] == "Karachi"}
    hotspots = [(name, float(karachi[name]["lat"]), float(karachi[name]["lng"]), rng.uniform(0.5, 2.0))
                for name in KARACHI_HOTSPOTS]
    with open(GAZETTEER / "cities.csv", encoding="utf-8") as f:
        rows = [row for row in csv.DictReader(f) if int(row["population"]) > 0]
    cities, weights, grid = [], [], {}
    for row in sorted(rows, key=lambda r: -int(r["population"])):
        lat, lng, population = float(row["lat"]), float(row["lng"]), int(row["population"])
        city = (row["name"], row["country"], lat, lng, 2 + 4 * math.log10(max(population, 15_000) / 15_000))
        grid.setdefault((math.floor(lat), math.floor(lng)), city)
        if not (row["name"] == "Karachi" and row["country_code"] == "PK"):
            cities.append(city)
            weights.append(population)
    return {"hotspots": hotspots, "cities": cities, "cumulative": list(accumulate(weights)), "grid": grid}


def scatter(rng: random.Random, lat: float, lng: float, sigma_km: float) -> tuple[float, float]:
    """A gaussian offset of sigma_km around a point, in degrees."""
    cos_lat = max(math.cos(math.radians(lat)), 0.01)
    return lat + rng.gauss(0, sigma_km) / KM_PER_DEGREE, lng + rng.gauss(0, sigma_km) / (KM_PER_DEGREE * cos_lat)


def pick_point(rng: random.Random, places: dict, index: int) -> tuple[float, float, str, str, str]:
    """Latitude, longitude, area, city and country of the index-th center of a run."""
    draw = rng.random()
    if index < len(FIXED_EDGES):
        return label(places, *FIXED_EDGES[index])
    if draw >= 0.999:  # edge cases: beyond 80 degrees of latitude, or within 1 degree of the antimeridian
        if rng.random() < 0.5:
            return label(places, rng.choice((1, -1)) * rng.uniform(80, 90), rng.uniform(-180, 180))
        return label(places, rng.uniform(-60, 70), rng.choice((1, -1)) * rng.uniform(179, 180))
    if draw < 0.2:
        area, lat, lng, sigma = rng.choice(places["hotspots"])
        return (*scatter(rng, lat, lng, sigma), area, "Karachi", "Pakistan")
    if draw < 0.7:
        name, country, lat, lng, sigma = rng.choices(places["cities"], cum_weights=places["cumulative"])[0]
        return (*scatter(rng, lat, lng, sigma), rng.choice(AREAS), name, country)
    return label(places, rng.uniform(-56, 70), rng.uniform(-180, 180))


def label(places: dict, lat: float, lng: float) -> tuple[float, float, str, str, str]:
    """A background point named after the largest city in its 1-degree cell, else "Remote area"."""
    city = places["grid"].get((math.floor(lat), math.floor(lng)))
    return (lat, lng, "", city[0], city[1]) if city else (lat, lng, "", "Remote area", "")


def ratings(rng: random.Random) -> tuple[int, ...]:
    """rating_count, rating_sum and rating_1..rating_5: a histogram whose totals match and average 2.5-5."""
    if rng.random() < 0.3:
        return (0,) * 7
    count, mean, spread = rng.randint(1, 150), rng.uniform(2.5, 5.0), rng.uniform(0.5, 1.2)
    weights = [math.exp(-((stars - mean) / spread) ** 2 / 2) for stars in range(1, 6)]
    scale = count / sum(weights)
    histogram = [int(weight * scale) for weight in weights]
    histogram[math.ceil(mean) - 1] += count - sum(histogram)
    total = sum(stars * n for stars, n in enumerate(histogram, 1))
    while total * 2 < 5 * count:  # rounding left the average under 2.5: lift the lowest review one star
        low = next(i for i, n in enumerate(histogram) if n)
        histogram[low] -= 1
        histogram[low + 1] += 1
        total += 1
    return (count, total, *histogram)


def make_batch(rng: random.Random, places: dict, services: list[tuple[int, str]], first_id: int, size: int,
               run_index: int, now, amenity_rng: random.Random,
               hours_rng: random.Random) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """Rows for centers, center_services, center_documents and opening_hours of size centers starting at first_id.

    Amenities and hours come from generators of their own (a fixed number of draws per center), so the other
    columns are the same as before amenities and hours were generated.
    """
    kinds, kind_weights = list(KINDS), list(KINDS.values())
    genders, gender_weights = list(GENDERS), list(GENDERS.values())
    centers, menus, documents, hours = [], [], [], []
    for center_id in range(first_id, first_id + size):
        lat, lng, area, city, country = pick_point(rng, places, run_index + center_id - first_id)
        lat, lng = min(max(lat, -90.0), 90.0), lng if -180 <= lng <= 180 else (lng + 180) % 360 - 180
        lat, lng = round(lat, 6), round(lng, 6)
        name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(SUFFIXES)} {center_id}"
        count, total, r1, r2, r3, r4, r5 = ratings(rng)
        amenities = [key for key, share in AMENITY_SHARES.items() if amenity_rng.random() < share]
        confirmed = None if rng.random() < 0.25 else now - timedelta(days=rng.randint(0, 730))
        centers.append({
            "id": center_id, "slug": f"bench-{center_id}", "name": name,
            "kind": rng.choices(kinds, kind_weights)[0], "description": "",
            "address": f"Plot {rng.randint(1, 500)}, Street {rng.randint(1, 60)}, {area or city}",
            "area": area, "city": city, "country": country, "latitude": lat, "longitude": lng,
            "lat_band": latitude_band(lat), "timezone": "Asia/Karachi" if country == "Pakistan" else "UTC",
            "gender_policy": rng.choices(genders, gender_weights)[0], "amenities": amenities,
            "amenities_mask": amenity_mask(amenities), "status": "published",
            "created_at": now, "updated_at": now, "confirmed_at": confirmed, "rating_count": count,
            "rating_sum": total, "rating_1": r1, "rating_2": r2, "rating_3": r3, "rating_4": r4, "rating_5": r5,
        })
        week = week_hours(hours_rng, country == "Pakistan")
        centers[-1].update(zip(HOURS_COLUMNS, hours_masks(week), strict=True))
        hours += [{"center_id": center_id, "weekday": day, "opens_at": opens, "closes_at": closes}
                  for day, opens, closes in week]
        per_hour = rng.uniform(2000, 15000)
        menu = rng.sample(services, rng.randint(1, 4))
        centers[-1]["services_mask"] = sum(service_bit(service_id) for service_id, _ in menu)
        lines = len(menus)
        for position, (service_id, service_name) in enumerate(menu):
            duration = rng.choice(DURATIONS)
            price = min(max(round(per_hour * duration / 60 / 50) * 50, 1500), 25000)
            menus.append({"center_id": center_id, "service_id": service_id, "name": service_name, "description": "",
                          "duration_min": duration, "price_pkr": price, "position": position,
                          "price_key": (price * 60 + duration // 2) // duration, "center_name": name,
                          "center_status": "published", "center_latitude": lat, "center_longitude": lng,
                          "center_confirmed_at": confirmed})
        centers[-1]["lowest_price_key"] = min(line["price_key"] for line in menus[lines:])  # 1-4 lines each
        documents.append({"center_id": center_id,
                          "body": search_document(" ".join(filter(None, [name, area, city, *(s for _, s in menu)])))})
    return centers, menus, documents, hours


def ensure_postgres_database(url: str) -> None:
    """Create a PostgreSQL database that does not exist yet (connecting to postgres, else test)."""
    target = make_url(url)
    if not target.get_backend_name().startswith("postgresql"):
        return
    for maintenance in ("postgres", "test"):
        engine = create_engine(target.set(database=maintenance), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}):
                    conn.execute(text(f"CREATE DATABASE {conn.dialect.identifier_preparer.quote(target.database)}"))
                    print(f"created database {target.database}")
                return
        except SQLAlchemyError as exc:  # try the next maintenance database
            last_error = exc
        finally:
            engine.dispose()
    sys.exit(f"cannot reach a maintenance database to create {target.database}: {last_error}")


def load_services(conn) -> list[tuple[int, str]]:
    """Insert the catalog rows from seeds/services.json that are missing; return (id, name) of every service."""
    existing = set(conn.scalars(select(Service.slug)))
    rows = [{"slug": s["slug"], "name": s["name"], "summary": s.get("summary", ""),
             "description": s.get("description", ""), "pressure": s.get("pressure", ""),
             "best_for": s.get("best_for", []), "cautions": s.get("cautions", [])}
            for s in json.loads((ROOT / "seeds" / "services.json").read_text(encoding="utf-8"))
            if s["slug"] not in existing]
    if rows:
        conn.execute(insert(Service.__table__), rows)
    conn.commit()
    return [tuple(row) for row in conn.execute(select(Service.id, Service.name).order_by(Service.id))]


def main() -> None:
    """Parse the arguments, migrate, load and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True, help="how many centers to insert")
    parser.add_argument("--database-url", required=True, help="SQLAlchemy URL of the target database")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--batch", type=int, default=20_000, help="centers per transaction (default 20000)")
    parser.add_argument("--append", action="store_true", help="add to a database that already has centers")
    args = parser.parse_args()
    url = make_url(args.database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    ensure_postgres_database(args.database_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "SECRET_KEY": "bench"})
    with app.app_context():
        engine = db.engine
        if inspect(engine).has_table("centers") and not args.append:
            with engine.connect() as conn:
                if conn.scalar(select(Center.id).limit(1)) is not None:
                    sys.exit(f"{url.render_as_string()} already has centers: pass --append to add more")
        flask_migrate.upgrade()
        sqlite = engine.dialect.name == "sqlite"
        rng, now, started = random.Random(args.seed), utcnow(), time.perf_counter()
        amenity_rng = random.Random(f"{args.seed}-amenities")
        hours_rng = random.Random(f"{args.seed}-hours")
        places = load_places(rng)
        with engine.connect() as conn:
            if sqlite:
                for pragma in ("synchronous=OFF", "cache_size=-524288", "temp_store=MEMORY"):
                    conn.exec_driver_sql(f"PRAGMA {pragma}")
            services = load_services(conn)
            next_id = (conn.scalar(select(func.max(Center.id))) or 0) + 1
            with progress_bar(total=args.count, unit=" centers", unit_scale=True, smoothing=0.1) as bar:
                for done in range(0, args.count, args.batch):
                    size = min(args.batch, args.count - done)
                    centers, menus, documents, hours = make_batch(rng, places, services, next_id + done, size, done,
                                                                  now, amenity_rng, hours_rng)
                    conn.execute(insert(Center.__table__), centers)
                    conn.execute(insert(CenterService.__table__), menus)
                    conn.execute(insert(CenterDocument.__table__), documents)
                    if hours:
                        conn.execute(insert(OpeningHours.__table__), hours)
                    conn.commit()
                    bar.update(size)
            loaded = time.perf_counter() - started
            if not sqlite:
                conn.execute(text("SELECT setval(pg_get_serial_sequence('centers', 'id'), "
                                  "(SELECT max(id) FROM centers))"))
            refresh_city_counts(conn)  # the home page's per-city counts (the ORM listener does not see Core inserts)
            rebuild_open_cells(conn)  # the hours anything is open per cell, for "open now" (the same reason)
            conn.commit()
            while merge_text_index(conn):  # the load's full-text segments merged, as `flask optimize-search` does
                conn.commit()
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
            if sqlite:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            else:  # set the visibility map, so index-only scans need no table visits (autovacuum would, later)
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM centers")
            counts = {table: conn.scalar(text(f"SELECT count(*) FROM {table}"))
                      for table in ("services", "centers", "center_services", "center_documents",
                                                                     "opening_hours")}
    elapsed = time.perf_counter() - started
    print(", ".join(f"{table}: {n:,}" for table, n in counts.items()))
    print(f"inserted {args.count:,} centers in {loaded:.1f} s ({args.count / loaded:,.0f} centers/s), "
          f"{elapsed:.1f} s with ANALYZE")


if __name__ == "__main__":
    main()
