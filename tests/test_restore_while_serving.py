"""`flask restore` refuses while a server answers from the database, and works once it is stopped (the safe path)."""
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from directory import PROJECT_ROOT
from directory.backup import backup_sqlite
from directory.extensions import db
from directory.models import User

from .conftest import make_app

SERVER = """
import sys, time
from werkzeug.serving import make_server
from directory import create_app
app = create_app({"SECRET_KEY": "k3Jx9-TqV2mZ8wLrP4sYb7NcHd6GfEa1", "SQLALCHEMY_DATABASE_URI": sys.argv[1],
                  "CACHE_TYPE": "NullCache"})
server = make_server("127.0.0.1", 0, app)
print(server.server_port, flush=True)
server.serve_forever()
"""


@pytest.fixture
def live(tmp_path):
    """A file SQLite database of its own (flask restore replaces SQLite files only), whatever the test backend."""
    url = f"sqlite:///{tmp_path / 'live.db'}"
    app = make_app(url)
    with app.app_context():
        db.create_all()
        db.session.add(User(email="first@example.com", display_name="First"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return app, url


def serve(url: str) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen([sys.executable, "-c", SERVER, url], cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    return process, int(process.stdout.readline())


def get(port: int, path: str = "/healthz") -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_restore_refuses_while_a_server_uses_the_database_and_works_once_it_stopped(live, tmp_path):
    app, url = live
    backup = tmp_path / "backup.db"
    backup_sqlite(tmp_path / "live.db", backup)
    with app.app_context():
        db.session.add(User(email="late@example.com", display_name="Late"))
        db.session.commit()
        db.session.remove()
    process, port = serve(url)
    try:
        assert get(port) == 200  # the server has answered from the database
        with app.app_context():
            refused = app.test_cli_runner().invoke(args=["restore", str(backup), "--yes"])
        assert refused.exit_code != 0 and "a running server is using" in refused.output
        with app.app_context():
            assert db.session.scalar(select(func.count(User.id))) == 2  # unchanged
            db.session.remove()
    finally:
        process.terminate()
        process.wait(timeout=10)
    with app.app_context():
        restored = app.test_cli_runner().invoke(args=["restore", str(backup), "--yes"])
        assert restored.exit_code == 0, restored.output
        assert db.session.scalar(select(func.count(User.id))) == 1
        db.engine.dispose()


def test_a_server_started_during_a_restore_answers_503_not_a_mix(live, tmp_path):
    from directory.backup import no_server_running

    app, url = live
    with no_server_running(tmp_path / "live.db"):
        process = subprocess.Popen([sys.executable, "-c", SERVER, url], cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)
        try:
            port = int(process.stdout.readline())
            assert get(port) == 503
        finally:
            process.terminate()
            process.wait(timeout=10)
    # the lock went with the restore: a server started now serves
    process, port = serve(url)
    try:
        assert get(port) == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
