"""Fault drills against gunicorn on 127.0.0.1, each bounded in time; results appended to docs/RELIABILITY.md.

    .venv/bin/python bench/faults.py                  # drills a, c, d on a fresh copy of bench/data/load.db
    .venv/bin/python bench/faults.py --drills b       # restarts the local PostgreSQL 15 cluster: opt-in

(a) kill -9: gunicorn's master and workers killed in the middle of review posts, several rounds; after each, the
    database's integrity check and every acknowledged (302) review, then a restart that serves again.
(b) PostgreSQL restarted under load (pg_ctlcluster --skip-systemctl-redirect 15 main restart): the app, never
    restarted itself, answers 503 (not 500) while the server is away and 2xx again afterwards.
(c) Redis down: rate-limit storage that disappears mid-run, and one that was never there: pages still served.
(d) Geocoder down: Nominatim on a closed port, and on one that accepts and never answers: place search still
    answers from the offline gazetteer.
"""
import argparse
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness
import load

from directory.backup import sqlite_file

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/sukoon_faults"
PG_RESTART = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"]
CLOSED = "127.0.0.1:9"  # the discard port: nothing listens, connections are refused at once


class Posters:
    """Client threads that log in and post reviews until stopped (load.Visitor does the work)."""

    def __init__(self, port: int, run: load.Run, threads: int, browse: bool = False):
        self.port, self.run, self.browse = port, run, browse
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.loop, args=(n,), daemon=True) for n in range(threads)]

    def loop(self, seed: int) -> None:
        visitor = load.Visitor(self.port, self.run, seed)
        while not self.stop.is_set():
            try:
                if not self.browse or seed % 2 == 0:
                    visitor.review()
                elif visitor.rng.random() < 0.5:
                    visitor.center()
                else:
                    visitor.api()
            except load.NO_ANSWER as error:  # the server is gone or restarting: count it and go on (or stop)
                self.run.record_failure("request", error)
                visitor.member = None  # log in afresh: the next member, and no half-known session
                time.sleep(0.05)

    def __enter__(self) -> "Posters":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


def integrity(url: str) -> str:
    """PRAGMA integrity_check on a SQLite file (opening it also recovers the WAL); PostgreSQL: not applicable."""
    path = sqlite_file(url)
    if path is None:
        return "n/a"
    connection = sqlite3.connect(path)
    try:
        return "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
    finally:
        connection.close()


def stored_for(url: str, emails: set[str]) -> int:
    """Reviews in the database by these members."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        found = connection.execute(text("SELECT users.email FROM reviews JOIN users ON users.id = reviews.author_id "
                                        "WHERE users.email LIKE 'load-%'")).scalars().all()
    engine.dispose()
    return sum(email in emails for email in found)


def drill_kill(args, log: Path) -> tuple[str, bool]:
    """(a) kill -9 in the middle of review posts, `args.rounds` times."""
    url = harness.prepared(args.database_url, f"faults-run-{load.time_tag()}")
    try:
        slugs = harness.center_slugs(url)
        emails = harness.create_members(url, 120 * args.rounds, load.time_tag().replace("-", ""))
        everyone = [load.Member(email) for email in emails]
        members, seen = deque(everyone), set()
        lines = ["| round | posts acknowledged | requests cut off by the kill | stored without an answer | "
                 "acknowledged but missing | integrity_check | restarted and served |",
                 "|---:|---:|---:|---:|---:|---|---|"]
        passed = True
        for round_number in range(1, args.rounds + 1):
            run = load.Run(slugs, members)
            server = harness.start_server(url, log, **load.SERVER_SETTINGS)
            with Posters(server.port, run, threads=6):
                time.sleep(args.kill_after)
                server.kill9()
                time.sleep(0.5)  # the posters notice and stop
            missing = load.missing_reviews(url, run.acknowledged)
            check = integrity(url)
            # In flight when killed: reset or closed without an answer (refused ones came after the kill)
            cut = sum(n for kind, n in run.failures.items() if "ConnectionRefused" not in kind)
            attempted = {member.email for member in everyone if member.reviewed} - seen
            seen |= attempted
            unanswered = stored_for(url, attempted) - len(run.acknowledged)  # committed, answer lost in the kill
            restarted = harness.start_server(url, log)
            try:
                served = harness.Browser(restarted.port).get(f"/centers/{slugs[0]}").status == 200
            finally:
                restarted.stop()
            passed &= missing == 0 and check == "ok" and served
            lines.append(f"| {round_number} | {len(run.acknowledged)} | {cut} | {unanswered} | **{missing}** | "
                         f"{check} | {'yes' if served else 'NO'} |")
    finally:
        if args.database_url is None:
            harness.remove_sqlite(url)
    note = (f"{harness.describe(args.database_url)}; gunicorn sync x 2; 6 client threads posting reviews "
            f"(log in, GET the form, POST); SIGKILL to the master and both workers {args.kill_after:g} s into each "
            "round; checks on the file after the kill, before the restart.")
    return f"{note}\n\n" + "\n".join(lines), passed


def drill_postgresql_restart(args, log: Path) -> tuple[str, bool]:
    """(b) Restart the PostgreSQL cluster while the app serves reads and review posts."""
    url = harness.prepared_postgresql(args.pg_url)
    slugs = harness.center_slugs(url)
    members = deque(load.Member(email) for email in harness.create_members(url, 300, load.time_tag().replace("-", "")))
    run = load.Run(slugs, members)
    server = harness.start_server(url, log, **load.SERVER_SETTINGS)
    try:
        with Posters(server.port, run, threads=4, browse=True):
            time.sleep(args.restart_after)
            began = time.monotonic()
            done = subprocess.run(PG_RESTART, capture_output=True, text=True, timeout=120, check=False)
            ended = time.monotonic()
            time.sleep(args.after_restart)
        still_same_server = server.process.poll() is None
    finally:
        server.stop()
    missing = load.missing_reviews(url, run.acknowledged)
    phases = {"before": Counter(), "during": Counter(), "after": Counter()}
    last_bad = began
    for moment, _kind, status in run.events:
        phase = "before" if moment < began else "during" if moment <= ended else "after"
        phases[phase][status] += 1
        if status == 0 or status >= 500:
            last_bad = max(last_bad, moment)
    servers = sum(n for counts in phases.values() for status, n in counts.items() if status >= 500 and status != 503)
    tail = [status for moment, _kind, status in run.events if moment > ended + 2]
    recovered = bool(tail) and all(0 < status < 500 for status in tail)
    rows = ["| phase | answers by status (0: no answer) |", "|---|---|"]
    rows += [f"| {phase} | {dict(sorted(counts.items()))} |" for phase, counts in phases.items()]
    text = (f"{harness.describe(url)}; gunicorn sync x 2 (pool_pre_ping on); 4 client threads "
            f"(center pages, API calls, logins, review posts); `{' '.join(PG_RESTART)}` took {ended - began:.1f} s "
            f"(exit {done.returncode}).\n\n" + "\n".join(rows) +
            f"\n\n- 500s: **{servers}**; last failed or 5xx answer {last_bad - ended:+.1f} s from the end of the "
            f"restart; every answer from 2 s after the restart on was 2xx-4xx: **{'yes' if recovered else 'NO'}** "
            f"({len(tail)} requests); gunicorn never restarted: {'yes' if still_same_server else 'NO'}\n"
            f"- reviews acknowledged: {len(run.acknowledged)}; missing afterwards: **{missing}**")
    return text, servers == 0 and recovered and still_same_server and missing == 0 and done.returncode == 0


def redis_server() -> tuple[subprocess.Popen, int]:
    """A private, throwaway redis-server on a free port (no persistence)."""
    port = harness.free_port()
    process = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("redis-server did not start")


def poke(port: int, slug: str, logins: int = 15) -> Counter:
    """Pages, the API and wrong-password logins (rate-limited per IP): statuses."""
    statuses: Counter = Counter()
    for path in ("/", "/search/?near=Clifton", f"/centers/{slug}", "/api/v1/centers?near=Clifton", "/guide/"):
        statuses[harness.Browser(port).get(path).status] += 1
    for _ in range(logins):
        browser = harness.Browser(port)
        token = harness.csrf_token(browser.get("/accounts/login").body)
        statuses[browser.post("/accounts/login", {"csrf_token": token or "", "email": "nobody@example.com",
                                                  "password": "not the password"}).status] += 1
    return statuses


def drill_redis(args, log: Path) -> tuple[str, bool]:
    """(c) Rate-limit storage in Redis: Redis killed mid-run, then never there at all."""
    url = harness.prepared(args.database_url, f"faults-redis-{load.time_tag()}")
    rows = ["| case | answers by status |", "|---|---|"]
    ok = True
    try:
        slug = harness.center_slugs(url)[0]
        redis, redis_port = redis_server()
        server = harness.start_server(url, log, RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{redis_port}/0")
        try:
            up = poke(server.port, slug, logins=5)
            redis.kill()
            redis.wait(timeout=10)
            gone = poke(server.port, slug)
        finally:
            server.stop()
            if redis.poll() is None:
                redis.kill()
        server = harness.start_server(url, log, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6399/0")
        try:
            never = poke(server.port, slug)
        finally:
            server.stop()
    finally:
        if args.database_url is None:
            harness.remove_sqlite(url)
    for case, statuses in (("Redis up", up), ("Redis killed mid-run", gone), ("Redis never there (:6399)", never)):
        rows.append(f"| {case} | {dict(sorted(statuses.items()))} |")
        ok &= not any(status >= 500 for status in statuses)
    ok &= gone[429] > 0 and never[429] > 0  # limits still count, in each worker's memory
    return ("gunicorn sync x 2; per case 5 pages/API calls and 15 wrong-password logins (limit 10 a minute per IP, "
            "counted per worker once Redis is gone).\n\n" + "\n".join(rows)), ok


def hanging_port() -> tuple[socket.socket, int]:
    """A port that accepts connections (the kernel's backlog) and never says a word."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock, sock.getsockname()[1]


def drill_geocoder(args, log: Path) -> tuple[str, bool]:
    """(d) Nominatim configured but unreachable: refused at once, or silent until the timeout."""
    url = harness.prepared(args.database_url, f"faults-geo-{load.time_tag()}")
    rows = ["| Nominatim | search page statuses | results on the page | API statuses | API items | "
            "p50 / max ms |", "|---|---|---:|---|---:|---:|"]
    ok = True
    silent, silent_port = hanging_port()
    try:
        for label, domain in (("refused (127.0.0.1:9)", CLOSED), ("never answers (2 s timeout)",
                                                                  f"127.0.0.1:{silent_port}")):
            server = harness.start_server(url, log, GEOCODER="nominatim", NOMINATIM_DOMAIN=domain,
                                          GEOCODER_TIMEOUT="2")
            try:
                pages = [harness.Browser(server.port).get(f"/search/?near={place}")
                         for place in ("Clifton", "DHA", "Saddar")]
                apis = [harness.Browser(server.port).get("/api/v1/centers?near=Clifton") for _ in range(2)]
            finally:
                server.stop()
            results = min(page.body.count("data-lat=") for page in pages)
            items = min(api.body.count('"slug"') for api in apis)
            times = [response.ms for response in pages + apis]
            rows.append(f"| {label} | {dict(Counter(page.status for page in pages))} | {results} | "
                        f"{dict(Counter(api.status for api in apis))} | {items} | "
                        f"{harness.percentile(times, 0.5):.0f} / {max(times):.0f} |")
            ok &= all(r.status == 200 for r in pages + apis) and results > 0 and items > 0
    finally:
        silent.close()
        if args.database_url is None:
            harness.remove_sqlite(url)
    return ("GEOCODER=nominatim; searches for Clifton, DHA and Saddar, then the API twice; gunicorn sync x 2.\n\n"
            + "\n".join(rows)), ok


DRILLS = {"a": ("kill -9 during review posts", drill_kill), "b": ("PostgreSQL restart under load",
                                                                   drill_postgresql_restart),
          "c": ("Redis down", drill_redis), "d": ("geocoder down", drill_geocoder)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drills", default="a,c,d", help="which drills, e.g. a,b,c,d (b restarts PostgreSQL)")
    parser.add_argument("--database-url", help="for a, c, d (default: a fresh copy of bench/data/load.db)")
    parser.add_argument("--pg-url", default=PG_URL, help=f"for b (default {PG_URL})")
    parser.add_argument("--rounds", type=int, default=3, help="kill -9 rounds (default 3)")
    parser.add_argument("--kill-after", type=float, default=4, help="seconds of posting before each kill")
    parser.add_argument("--restart-after", type=float, default=5, help="seconds of load before the restart")
    parser.add_argument("--after-restart", type=float, default=10, help="seconds of load after it")
    parser.add_argument("--no-append", action="store_true", help="print only; leave docs/RELIABILITY.md alone")
    args = parser.parse_args()
    log = Path(tempfile.gettempdir()) / f"sukoon-faults-{load.time_tag()}.log"
    failed = []
    for key in args.drills.split(","):
        title, drill = DRILLS[key.strip()]
        print(f"({key}) {title} ...", file=sys.stderr)
        body, passed = drill(args, log)
        body += (f"\n\nVerdict: **{'passed' if passed else 'FAILED'}**; \"database is locked\" lines in the server "
                 f"log so far: {harness.log_count(log, 'database is locked')}")
        print(f"\n#### ({key}) {title}\n\n{body}")
        if not args.no_append:
            harness.append_to_report(f"fault drill ({key}): {title}", body)
        if not passed:
            failed.append(key)
    print(f"server log: {log}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
