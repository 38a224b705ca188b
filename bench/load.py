"""Mixed load against gunicorn for a fixed time: searches, center pages, API calls, logins and review posts.

    .venv/bin/python bench/load.py                      # 60 s on a fresh copy of bench/data/load.db (SQLite)
    .venv/bin/python bench/load.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/sukoon_load

Members are created directly in the database (verified, no mail). Each client thread is one visitor at a time; a
member posts at most one review per center and at most 3 in all (the daily cap), then the client logs in as the
next member. Prints a Markdown table (p50/p99 per kind, counts, 5xx, "database is locked" lines in the server log,
acknowledged reviews missing afterwards) and appends it to docs/RELIABILITY.md. 127.0.0.1 only.
"""
import argparse
import http.client
import random
import secrets
import sys
import tempfile
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness
from sqlalchemy import create_engine, text

from directory.backup import backup_sqlite, sqlite_file

PLACES = ("Clifton", "DHA", "Saddar", "Gulshan-e-Iqbal", "North Nazimabad", "PECHS", "Bahadurabad", "Tariq Road",
          "Sea View", "Karachi")
ACTIONS = {"search": 30, "center": 25, "api": 20, "review": 20, "login": 5}  # weights of what a visitor does next
REVIEWS_PER_MEMBER = 3  # the app's daily cap (REVIEWS_PER_DAY)
WORDS = ("calm", "clean", "skilled", "friendly", "quiet", "fair", "warm", "gentle", "firm", "relaxing", "tidy",
         "welcoming", "professional", "soothing", "punctual")
NO_ANSWER = (OSError, http.client.HTTPException)  # refused, reset, cut off mid-body, timed out
# Every client comes from 127.0.0.1: the per-IP login limit would turn most logins into 429s. Per-account limits
# and the review limits stay as configured.
SERVER_SETTINGS = {"RATELIMIT_LOGIN_IP": "100000/minute"}


@dataclass
class Member:
    email: str
    reviewed: set[str] = field(default_factory=set)


@dataclass
class Run:
    """What every client records, under one lock."""

    slugs: list[str]
    members: deque
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    acknowledged: list[tuple[str, str, str]] = field(default_factory=list)  # (email, slug, title)
    refused: int = 0
    events: list[tuple[float, str, int]] = field(default_factory=list)  # (monotonic time, kind, status; 0: no answer)

    def record(self, kind: str, response: harness.Response) -> harness.Response:
        with self.lock:
            self.latencies[kind].append(response.ms)
            self.statuses[kind][response.status] += 1
            self.events.append((time.monotonic(), kind, response.status))
        return response

    def record_failure(self, kind: str, error: Exception) -> None:
        with self.lock:
            self.failures[f"{kind}: {type(error).__name__}"] += 1
            self.events.append((time.monotonic(), kind, 0))

    def next_member(self) -> Member | None:
        with self.lock:
            return self.members.popleft() if self.members else None


class Visitor:
    """One client thread: browses, searches, calls the API, logs in and posts reviews."""

    def __init__(self, port: int, run: Run, seed: int):
        self.port, self.run, self.rng = port, run, random.Random(seed)
        self.browser: harness.Browser | None = None
        self.member: Member | None = None

    def act(self) -> None:
        kind = self.rng.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
        try:
            getattr(self, kind)()
        except NO_ANSWER as error:  # counted, never fatal
            self.run.record_failure(kind, error)

    def search(self) -> None:
        near = self.rng.choice(PLACES).replace(" ", "+")
        query = f"near={near}&radius_km={self.rng.choice((2, 5, 10, 25))}"
        if self.rng.random() < 0.3:
            query += "&q=massage"
        self.run.record("search page", harness.Browser(self.port).get(f"/search/?{query}"))

    def center(self) -> None:
        slug = self.rng.choice(self.run.slugs)
        self.run.record("center page", harness.Browser(self.port).get(f"/centers/{slug}"))

    def api(self) -> None:
        slug, near = self.rng.choice(self.run.slugs), self.rng.choice(PLACES).replace(" ", "+")
        path = self.rng.choice((f"/api/v1/centers?near={near}&radius_km=10", f"/api/v1/centers/{slug}",
                                f"/api/v1/centers/{slug}/reviews", f"/api/v1/places?q={near[:4]}"))
        self.run.record("API", harness.Browser(self.port).get(path))

    def login(self) -> bool:
        """Log in as the next member with a fresh browser; later reviews are theirs."""
        member = self.run.next_member()
        if member is None:
            return False
        browser = harness.Browser(self.port)
        form = self.run.record("login form", browser.get("/accounts/login"))
        token = harness.csrf_token(form.body) if form.status == 200 else None
        if token is None:
            return False
        done = self.run.record("login post", browser.post("/accounts/login", {
            "csrf_token": token, "email": member.email, "password": harness.PASSWORD}))
        if done.status != 302:
            return False
        self.browser, self.member = browser, member
        return True

    def review(self) -> None:
        if (self.member is None or len(self.member.reviewed) >= REVIEWS_PER_MEMBER) and not self.login():
            return self.center()  # no member left: browse instead
        slug = self.rng.choice([slug for slug in self.run.slugs if slug not in self.member.reviewed])
        self.member.reviewed.add(slug)
        path = f"/centers/{slug}/reviews/new"
        form = self.run.record("review form", self.browser.get(path))
        token = harness.csrf_token(form.body) if form.status == 200 else None
        if token is None:
            return None
        title = f"Visit {secrets.token_hex(4)}"
        body = " ".join(self.rng.choice(WORDS) for _ in range(12)) + f". Reviewed in load run {title}."
        done = self.run.record("review post", self.browser.post(path, {
            "csrf_token": token, "rating": str(self.rng.randint(1, 5)), "title": title, "body": body}))
        if done.status == 302 and "#review-" in done.location:
            with self.run.lock:
                self.run.acknowledged.append((self.member.email, slug, title))
        elif done.status == 200:
            with self.run.lock:
                self.run.refused += 1  # the form came back with a message (a limit, say): not a failure
        return None


def warm_up(port: int, slugs: list[str]) -> None:
    """Unrecorded requests first, so each worker has loaded its templates and the gazetteer."""
    for _ in range(4):
        for path in ("/search/?near=Clifton", f"/centers/{slugs[0]}", "/api/v1/centers?near=Clifton",
                     "/accounts/login"):
            harness.Browser(port).get(path)


def drive(port: int, run: Run, clients: int, seconds: float) -> float:
    """Run the visitors until the time is up; the seconds it really took."""
    stop = time.monotonic() + seconds

    def loop(seed: int) -> None:
        visitor = Visitor(port, run, seed)
        while time.monotonic() < stop:
            visitor.act()

    threads = [threading.Thread(target=loop, args=(n,), daemon=True) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return time.monotonic() - started


def backup_midway(url: str, delay: float, found: list) -> threading.Thread | None:
    """On SQLite, an online backup (directory.backup) `delay` seconds into the load; its report lands in `found`."""
    live = sqlite_file(url)
    if live is None:
        return None
    target = live.with_name(f"{live.stem}-backup.db")
    target.unlink(missing_ok=True)

    def run() -> None:
        time.sleep(delay)
        found.append(backup_sqlite(live, target))
        target.unlink()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def missing_reviews(url: str, acknowledged: list[tuple[str, str, str]]) -> int:
    """How many acknowledged reviews are not in the database."""
    engine = create_engine(url)
    with engine.connect() as connection:
        stored = set(connection.execute(text(
            "SELECT users.email, centers.slug, reviews.title FROM reviews JOIN users ON users.id = reviews.author_id "
            "JOIN centers ON centers.id = reviews.center_id WHERE users.email LIKE 'load-%'")).all())
    engine.dispose()
    return sum(tuple(item) not in stored for item in acknowledged)


def spread(values: list[float]) -> str:
    """p50 | p95 | p99 | max in ms, as table cells."""
    cells = [harness.percentile(values, share) for share in (0.5, 0.95, 0.99)] + [max(values, default=0)]
    return " | ".join(f"{value:.0f}" for value in cells)


def table(run: Run, elapsed: float) -> tuple[str, int]:
    """The Markdown table per kind of request, and the number of 5xx answers."""
    lines = ["| request | count | p50 ms | p95 ms | p99 ms | max ms | 2xx/3xx | 4xx | 5xx |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    server_errors = 0
    for kind in ("search page", "center page", "API", "login form", "login post", "review form", "review post"):
        values, statuses = run.latencies.get(kind, []), run.statuses.get(kind, {})
        ok = sum(n for status, n in statuses.items() if status < 400)
        client = sum(n for status, n in statuses.items() if 400 <= status < 500)
        server = sum(n for status, n in statuses.items() if status >= 500)
        server_errors += server
        lines.append(f"| {kind} | {len(values):,} | {spread(values)} | {ok:,} | {client} | {server} |")
    everything = [value for values in run.latencies.values() for value in values]
    lines.append(f"| **all** | {len(everything):,} | {spread(everything)} | | | **{server_errors}** |")
    lines.append(f"\n{len(everything) / elapsed:.0f} requests/s over {elapsed:.0f} s.")
    return "\n".join(lines), server_errors


def time_tag() -> str:
    return time.strftime("%Y%m%d-%H%M%S")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: a fresh copy of bench/data/load.db (SQLite); a database "
                        "given here keeps the run's members and reviews")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument("--clients", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--members", type=int, default=400, help="member accounts to create (default 400)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--redis-url", help="rate-limit storage shared by the workers (default: in memory)")
    parser.add_argument("--no-append", action="store_true", help="print only; leave docs/RELIABILITY.md alone")
    args = parser.parse_args()

    host = harness.machine()
    url = harness.prepared(args.database_url, f"load-run-{time_tag()}")
    log = Path(tempfile.gettempdir()) / f"sukoon-load-{time_tag()}.log"
    tag = secrets.token_hex(3)
    try:
        run = Run(harness.center_slugs(url),
                  deque(Member(email) for email in harness.create_members(url, args.members, tag)))
        settings = dict(SERVER_SETTINGS, **({"RATELIMIT_STORAGE_URI": args.redis_url} if args.redis_url else {}))
        server = harness.start_server(url, log, workers=args.workers, **settings)
        try:
            print(f"load: {args.duration:g} s, {args.clients} clients, gunicorn on :{server.port} ...", file=sys.stderr)
            warm_up(server.port, run.slugs)
            backups: list = []
            backing_up = backup_midway(url, args.duration / 2, backups)
            elapsed = drive(server.port, run, args.clients, args.duration)
            if backing_up is not None:
                backing_up.join(timeout=120)
        finally:
            server.stop()
        lost = missing_reviews(url, run.acknowledged)
    finally:
        if args.database_url is None:
            harness.remove_sqlite(url)
    body, server_errors = table(run, elapsed)
    locked = harness.log_count(log, "database is locked")
    tracebacks = harness.log_count(log, "Traceback")
    server_ms = harness.server_times(log)
    backend = harness.describe(url if args.database_url else None)
    summary = (f"{backend}; gunicorn sync x {args.workers}; {args.clients} client threads, Connection: close; "
               f"rate limits in {'Redis' if args.redis_url else 'memory'}; {host}.\n\n{body}\n\n"
               f"- 5xx: **{server_errors}**; \"database is locked\" lines in the server log: **{locked}**; "
               f"tracebacks: **{tracebacks}**; client-side connection errors: {dict(run.failures) or 0}\n"
               f"- time inside the app (its access log, all requests): "
               f"p50 {harness.percentile(server_ms, 0.5):.0f} ms, p99 {harness.percentile(server_ms, 0.99):.0f} ms; "
               f"the rest of the latency above is queueing for "
               f"the {args.workers} workers and the client threads sharing the same cores\n"
               f"- reviews acknowledged (302): {len(run.acknowledged)}; missing from the database afterwards: "
               f"**{lost}**; review forms sent back with a message (limits): {run.refused}"
               + "".join(f"\n- online backup halfway through (SQLite backup API, writers running): "
                         f"{report.summary()}" for report in backups))
    print(summary)
    print(f"server log: {log}", file=sys.stderr)
    if not args.no_append:
        harness.append_to_report(f"mixed load, {args.duration:g} s, {backend}", summary)
    return 0 if server_errors == 0 and locked == 0 and lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
