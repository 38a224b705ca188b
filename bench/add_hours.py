"""Give the centers of a database generated before bench/generate.py made opening hours the hours it makes now.

    .venv/bin/python bench/add_hours.py --database-url sqlite:///bench/data/centers-1m.db [--seed 42]

The same generator, seed and order (center id) as generate.py's week_hours, so the result equals a fresh
generate.py run with that seed. Refuses a database that already has opening hours. On a schema that already has the
hours masks (migration 0019), they are set too; otherwise `flask db upgrade` computes them.
"""
import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import bindparam, create_engine, insert, inspect, text, update  # noqa: E402

from bench.generate import HOURS_COLUMNS, week_hours  # noqa: E402
from directory.models import Center, OpeningHours  # noqa: E402
from directory.models.center import hours_masks  # noqa: E402
from directory.services.open_cells import rebuild_open_cells  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    engine = create_engine(args.database_url)
    started = time.perf_counter()
    with engine.begin() as conn:
        if conn.scalar(text("SELECT 1 FROM opening_hours LIMIT 1")):
            sys.exit("this database already has opening hours")
        with_masks = "hours_mask_0" in {column["name"] for column in inspect(conn).get_columns("centers")}
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
        rng = random.Random(f"{args.seed}-hours")
        centers = conn.execute(text("SELECT id, country FROM centers ORDER BY id")).all()
        hours, masks, spans_total = [], [], 0
        for index, (center_id, country) in enumerate(centers, 1):
            week = week_hours(rng, country == "Pakistan")
            hours += [{"center_id": center_id, "weekday": day, "opens_at": opens, "closes_at": closes}
                      for day, opens, closes in week]
            if with_masks:
                values = zip(HOURS_COLUMNS, hours_masks(week), strict=True)
                masks.append({"c": center_id, **{f"new_{column}": mask for column, mask in values}})
            if len(hours) >= 100_000 or index == len(centers):
                if hours:
                    conn.execute(insert(OpeningHours.__table__), hours)  # Core: TIME stored as the app stores it
                if masks:
                    table = Center.__table__
                    conn.execute(update(table).where(table.c.id == bindparam("c")).values(
                        {column: bindparam(f"new_{column}") for column in HOURS_COLUMNS}), masks)
                spans_total += len(hours)
                hours, masks = [], []
        if with_masks:
            rebuild_open_cells(conn)  # the hours anything is open per cell (the ORM listener does not see Core SQL)
        conn.exec_driver_sql("ANALYZE opening_hours")
    print(f"{spans_total:,} spans for {len(centers):,} centers in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
