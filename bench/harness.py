"""What bench/load.py and bench/faults.py share: databases to run on, gunicorn, members, a small HTTP client.

Everything talks to 127.0.0.1 only; every server started here is stopped (or killed) by the caller's `finally`.
"""
import contextlib
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from directory.backup import backup_sqlite, sqlite_file

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
SEEDED_SQLITE = DATA / "load.db"
RELIABILITY = ROOT / "docs" / "RELIABILITY.md"
PYTHON = ROOT / ".venv" / "bin" / "python"
ACCESS_LINE = re.compile(r"directory\.access .*?(?:GET|POST) (\S+) \d{3} ([\d.]+)ms$", re.M)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PASSWORD = "quiet evening by the sea " + secrets.token_hex(4)  # one per run: members share it


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def flask(url: str, *args: str) -> str:
    """Run a `flask` command of the app against the database at `url`; its output."""
    env = {**_clean_environment(), "DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32)}
    done = subprocess.run([str(PYTHON), "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def seeded_copy(name: str) -> str:
    """A fresh copy (SQLite backup API) of bench/data/load.db, made first with `flask db upgrade` + `flask seed`."""
    DATA.mkdir(exist_ok=True)
    if not SEEDED_SQLITE.exists():
        url = f"sqlite:///{SEEDED_SQLITE}"
        flask(url, "db", "upgrade")
        flask(url, "seed")
    copy = DATA / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    backup_sqlite(SEEDED_SQLITE, copy)
    return f"sqlite:///{copy}"


def prepared_postgresql(url: str) -> str:
    """The PostgreSQL database at `url`, created if missing, migrated, and seeded when it has no centers."""
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                   {"name": parsed.database})
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()
    flask(url, "db", "upgrade")
    flask(url, "seed", "--if-empty")
    return url


def prepared(url: str | None, name: str) -> str:
    """The database to run on: a fresh seeded SQLite copy by default, else the given PostgreSQL database."""
    if url is None:
        return seeded_copy(name)
    if sqlite_file(url) is not None:
        return url
    return prepared_postgresql(url)


def describe(url: str | None) -> str:
    """The database a run used, for the report (no password)."""
    if url is None:
        return "SQLite (a copy of bench/data/load.db)"
    parsed = make_url(url)
    return f"PostgreSQL ({parsed.database})" if parsed.get_backend_name() == "postgresql" else f"SQLite ({url})"


def remove_sqlite(url: str) -> None:
    """Delete a SQLite run copy and its -wal/-shm files."""
    path = sqlite_file(url)
    if path is not None and path.parent == DATA and path != SEEDED_SQLITE:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def app_for(url: str):
    """The app on `url`, for creating rows and checking them (no server)."""
    from directory import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_hex(32)})


def create_members(url: str, count: int, tag: str) -> list[str]:
    """`count` verified members (no mail sent), all with PASSWORD; their emails."""
    from directory.extensions import db
    from directory.models import Role, User
    from directory.models.base import utcnow
    from directory.passwords import hash_password

    password_hash = hash_password(PASSWORD)  # argon2id on purpose slow: one hash shared by the whole run
    emails = [f"load-{tag}-{n}@example.com" for n in range(count)]
    app = app_for(url)
    with app.app_context():
        db.session.add_all(User(email=email, display_name=f"Load {n}", password_hash=password_hash,
                                role=Role.MEMBER, email_verified_at=utcnow()) for n, email in enumerate(emails))
        db.session.commit()
        db.engine.dispose()
    return emails


def center_slugs(url: str) -> list[str]:
    engine = create_engine(url)
    with engine.connect() as connection:
        slugs = list(connection.scalars(text("SELECT slug FROM centers WHERE status = 'published' ORDER BY id")))
    engine.dispose()
    return slugs


def _clean_environment() -> dict[str, str]:
    """This process's environment without SUKOON_* settings that could change the app under test."""
    return {key: value for key, value in os.environ.items()
            if not key.startswith("SUKOON_") and key not in ("DATABASE_URL", "REDIS_URL")}


@dataclass
class Server:
    """A gunicorn master on 127.0.0.1:port, logging to `log`."""

    process: subprocess.Popen
    port: int
    log: Path

    def worker_pids(self) -> list[int]:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError):
                if stat.read_text().rsplit(")", 1)[1].split()[1] == str(self.process.pid):
                    pids.append(int(stat.parent.name))
        return pids

    def kill9(self) -> list[int]:
        """SIGKILL the master and every worker at once, as a crash or the OOM killer would."""
        pids = [self.process.pid, *self.worker_pids()]
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        return pids

    def stop(self) -> None:
        """SIGTERM (graceful), then SIGKILL if gunicorn is still there after 15 s."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill9()


def start_server(url: str, log: Path, workers: int = 2, **settings: str) -> Server:
    """gunicorn (sync workers, the project's gunicorn.conf.py) serving wsgi:app on `url`; waits for /healthz."""
    port = free_port()
    env = {**_clean_environment(), "DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32),
           "PYTHONDONTWRITEBYTECODE": "1", **{f"SUKOON_{key}": value for key, value in settings.items()}}
    if workers > 1:  # several workers refuse per-process limit counters: share them in Redis (toolbox.md)
        env.setdefault("SUKOON_RATELIMIT_STORAGE_URI", os.environ.get("BENCH_LIMIT_STORE", "redis://127.0.0.1:6379/14"))
    config = ROOT / "gunicorn.conf.py"
    command = [str(PYTHON), "-m", "gunicorn", "--config", str(config) if config.exists() else "/dev/null",
               "--workers", str(workers), "--worker-class", "sync", "--bind", f"127.0.0.1:{port}",
               "--chdir", str(ROOT), "--access-logfile", "-", "--error-logfile", "-", "wsgi:app"]
    with log.open("a") as output:  # stdout and stderr: access lines, gunicorn's and the app's logs
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    server = Server(process, port, log)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log.read_text(errors='replace')}")
            with contextlib.suppress(OSError):
                if Browser(port).get("/healthz").status == 200:
                    return server
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")
    except BaseException:
        server.stop()
        raise


@dataclass
class Response:
    status: int
    body: str
    location: str
    ms: float


@dataclass
class Browser:
    """One visitor: a cookie jar, no redirects followed, a new connection per request (keep-alive off)."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 30

    def request(self, method: str, path: str, form: dict | None = None) -> Response:
        headers = {"Connection": "close", "User-Agent": "sukoon-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = urlencode(form) if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self._remember(header)
        return Response(response.status, content, response.headers.get("Location", ""),
                        (time.perf_counter() - started) * 1000)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict) -> Response:
        return self.request("POST", path, form)

    def _remember(self, header: str) -> None:
        cookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            expired = morsel["expires"] and "1970" in morsel["expires"] or morsel["max-age"] == "0"
            if expired or not morsel.value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value


def csrf_token(page: str) -> str | None:
    found = CSRF.search(page)
    return found.group(1) if found else None


def log_count(log: Path, needle: str) -> int:
    """Lines of the server log that contain `needle`."""
    if not log.exists():
        return 0
    return sum(needle in line for line in log.read_text(errors="replace").splitlines())


def server_times(log: Path) -> list[float]:
    """Milliseconds per request from the app's access lines (logger directory.access), when it writes them."""
    if not log.exists():
        return []
    found = ACCESS_LINE.findall(log.read_text(errors="replace"))
    return [float(ms) for path, ms in found if path != "/healthz"]


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share 0.5 = p50); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def machine() -> str:
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return f"{os.cpu_count()} CPUs, load average {load} before the run"


def append_to_report(title: str, body: str) -> None:
    """Add a dated section to the run log at the end of docs/RELIABILITY.md."""
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    with RELIABILITY.open("a") as report:
        report.write(f"\n### {stamp}: {title}\n\n{body.rstrip()}\n")
