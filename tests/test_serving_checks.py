"""A production-style server (gunicorn, or ENVIRONMENT=production) refuses a guessable key and per-process limits."""
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from directory import PROJECT_ROOT, create_app
from directory.serving_checks import secret_key_problem

STRONG_KEY = "k3Jx9-TqV2mZ8wLrP4sYb7NcHd6GfEa1"
SHARED_STORE = "redis://127.0.0.1:6379/15"


def gunicorn_style(**overrides) -> dict:
    return {"SERVER": "gunicorn", "SECRET_KEY": STRONG_KEY, "SQLALCHEMY_DATABASE_URI": "sqlite://", **overrides}


@pytest.mark.parametrize("key", [None, "", "development-only-secret-key", "x" * 31, "a" * 64, "ab" * 40,
                                 "abcdefghij" * 4])
def test_a_gunicorn_server_refuses_a_weak_key_even_in_development(key):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(gunicorn_style(SECRET_KEY=key))


def test_random_keys_pass_and_low_entropy_ones_do_not():
    import secrets

    assert secret_key_problem(secrets.token_urlsafe(32)) is None and secret_key_problem(secrets.token_hex(16)) is None
    assert "randomness" in secret_key_problem("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")


def test_a_gunicorn_server_with_a_strong_key_and_one_worker_starts():
    app = create_app(gunicorn_style())
    assert app.config["SERVER"] == "gunicorn"


@pytest.mark.parametrize("overrides, reason", [
    ({"SERVER_WORKERS": "2"}, "2 workers"),
    ({"ENVIRONMENT": "production"}, "production"),
])
def test_several_workers_or_production_refuse_per_process_limits(overrides, reason):
    with pytest.raises(RuntimeError, match=f"shared store with {reason}"):
        create_app(gunicorn_style(**overrides))


def test_several_workers_start_with_a_shared_store():
    app = create_app(gunicorn_style(SERVER_WORKERS="2", REDIS_URL=SHARED_STORE))
    assert app.config["RATELIMIT_STORAGE_URI"] == SHARED_STORE


def test_the_development_server_keeps_the_development_key_for_loopback_only():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})  # the development key, no SERVER
    client = app.test_client()
    local = {"SERVER_SOFTWARE": "Werkzeug/3.1", "SERVER_NAME": "127.0.0.1"}
    assert client.get("/healthz", environ_overrides=local).status_code == 200
    public = {"SERVER_SOFTWARE": "Werkzeug/3.1", "SERVER_NAME": "0.0.0.0"}  # flask run --host 0.0.0.0
    assert client.get("/healthz", environ_overrides=public).status_code == 503
    other = {"SERVER_SOFTWARE": "waitress", "SERVER_NAME": "127.0.0.1"}  # another server, SERVER not set
    assert client.get("/healthz", environ_overrides=other).status_code == 503


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_gunicorn(tmp_path: Path, workers: int, **env: str) -> tuple[int | None, str]:
    """`make serve`'s command with the project's gunicorn.conf.py; the exit code (None: still serving) and log."""
    clean = {key: value for key, value in os.environ.items()
             if not key.startswith("SUKOON_") and key not in ("SECRET_KEY", "REDIS_URL", "DATABASE_URL")}
    log = tmp_path / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--workers", str(workers),
               "--bind", f"127.0.0.1:{free_port()}", "wsgi:app"]
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=output, stderr=subprocess.STDOUT,
                                   env={**clean, "SUKOON_INSTANCE_PATH": str(tmp_path),
                                        "SUKOON_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", **env})
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)
            return None, log.read_text()
    return process.returncode, log.read_text()


def test_make_serve_refuses_the_development_key(tmp_path):
    code, log = run_gunicorn(tmp_path, workers=1)
    assert code not in (None, 0) and "SECRET_KEY is a published default value" in log


def test_make_serve_with_two_workers_refuses_to_start_without_redis(tmp_path):
    code, log = run_gunicorn(tmp_path, workers=2, SECRET_KEY=STRONG_KEY)
    assert code not in (None, 0) and "shared store with 2 workers" in log


def test_each_gunicorn_worker_keeps_what_it_loaded_out_of_full_garbage_collections():
    """Full collections walked every object the app built at start (65-110 ms each, now and then a request's)."""
    import gc
    import runpy

    server = os.environ.get("SUKOON_SERVER")
    settings = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))  # (sets SUKOON_SERVER, as gunicorn does)
    create_app(gunicorn_style())
    try:
        settings["post_worker_init"](None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
        if server is None:
            os.environ.pop("SUKOON_SERVER", None)
        else:
            os.environ["SUKOON_SERVER"] = server
