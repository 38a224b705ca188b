"""Pages that used to list every center, timed at 100k and 1M side by side: median and max of full requests through
the test client (result cache off), bytes sent, and Center rows the ORM built. Prints a Markdown table.

    .venv/bin/python bench/bounded_pages.py sqlite:////work/bench-data/centers-100k.db \
        sqlite:////work/bench-data/centers-1m.db
    (the API's `next` cursor is followed to page 60 first; code without `next` shows n/a on that row)
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from sqlalchemy import event

from directory import create_app
from directory.extensions import db
from directory.models import Center

PAGES = ("/", "/guide/deep-tissue", "/sitemap.xml", "/sitemaps/pages.xml", "/sitemaps/centers-0.xml",
         "/sitemaps/centers-19.xml", "/search/", "/search/?page=50", "/api/v1/centers?per_page=100",
         "/api/v1/centers?page=50&per_page=100", "/api/v1/centers?near=Karachi&radius_km=100&page=50&per_page=100")
CURSOR_START = "/api/v1/centers?per_page=100"
CURSOR_DEPTH = 60  # the page reached by following `next`: beyond the 50 pages an offset may reach
CURSOR_ROW = f"API by `next` cursor, page {CURSOR_DEPTH} (x100)"


def cursor_path(client) -> str | None:
    """The path of page CURSOR_DEPTH reached by following the API's `next` (None where the API has no `next`)."""
    path = CURSOR_START
    for _ in range(CURSOR_DEPTH - 1):
        following = client.get(path).get_json().get("next")
        if not following:
            return None
        path = "/" + following.split("/", 3)[3]
    return path


def measure(url: str, runs: int) -> dict[str, dict]:
    """Each page `runs` times (after one warm-up): times in ms, bytes, Center loads of the last run."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "CACHE_TYPE": "NullCache",
                      "RATELIMIT_ENABLED": False})
    client, figures = app.test_client(), {}
    with app.app_context():
        deep = cursor_path(client)
        for path in PAGES + ((deep,) if deep else ()):
            loads = [0]

            def count(*_args, loads=loads):
                loads[0] += 1

            times, size = [], 0
            for run in range(runs + 1):
                loads[0] = 0
                event.listen(Center, "load", count)
                started = time.perf_counter()
                response = client.get(path)
                body = response.get_data()
                elapsed = (time.perf_counter() - started) * 1000
                event.remove(Center, "load", count)
                assert response.status_code in (200, 404), (path, response.status_code)
                size = len(body)
                if run:
                    times.append(elapsed)
            figures[CURSOR_ROW if path == deep else path] = {
                "median": statistics.median(times), "max": max(times), "bytes": size, "centers": loads[0],
                "status": response.status_code}
        db.engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+", help="database URLs, smallest first")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results = [measure(url, args.runs) for url in args.urls]
    names = [url.rsplit("/", 1)[-1] for url in args.urls]
    print("| page | " + " | ".join(f"{name}: median / max ms, bytes, Centers built" for name in names) + " |")
    print("|---|" + "---:|" * len(names))
    for path in PAGES + (CURSOR_ROW,):
        cells = ["n/a" if path not in r else
                 f"{r[path]['median']:.1f} / {r[path]['max']:.1f}, {r[path]['bytes']:,} B, {r[path]['centers']}"
                 + ("" if r[path]["status"] == 200 else f" ({r[path]['status']})") for r in results]
        print(f"| `{path}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
