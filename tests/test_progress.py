"""Long commands draw a progress bar on a terminal and print nothing extra in CI logs or pipes."""
import io

import pytest

from directory import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal(monkeypatch):
    """A fake terminal for stderr; tests install it themselves (pytest's capture resets stderr after setup)."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("SUKOON_PROGRESS", raising=False)
    screen = Terminal()
    return lambda: monkeypatch.setattr(progress.sys, "stderr", screen) or screen


def test_a_bar_is_drawn_on_a_terminal(terminal):
    terminal = terminal()
    bar = progress.progress_bar(total=10, desc="seed", unit=" records")
    bar.update(10)
    drawn = terminal.getvalue()
    bar.close()
    assert "seed:" in drawn and "records" in drawn


@pytest.mark.parametrize("variable, value", [("CI", "true"), ("SUKOON_PROGRESS", "0")])
def test_ci_and_the_switch_keep_it_quiet(terminal, monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    terminal = terminal()
    with progress.progress_bar(total=10, desc="seed") as bar:
        bar.update(10)
    assert terminal.getvalue() == ""


def test_not_on_a_terminal_nothing_is_drawn(monkeypatch):
    pipe = io.StringIO()
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(progress.sys, "stderr", pipe)
    with progress.progress_bar(total=10, desc="seed") as bar:
        bar.update(10)
    assert pipe.getvalue() == ""


@pytest.mark.parametrize("command", [["seed"], ["backup", "{tmp}/copy.db"], ["restore", "{tmp}/copy.db", "--yes"]])
def test_seed_backup_and_restore_report_progress_on_a_terminal(tmp_path, monkeypatch, command):
    from .conftest import make_app

    app = make_app(f"sqlite:///{tmp_path / 'live.db'}")
    from directory.extensions import db

    with app.app_context():
        db.create_all()
        if command[0] == "restore":
            assert app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.db")]).exit_code == 0
        monkeypatch.setattr(progress, "quiet", lambda: False)  # as if a person watched a terminal
        result = app.test_cli_runner().invoke(args=[part.format(tmp=tmp_path) for part in command])
        db.engine.dispose()
    assert result.exit_code == 0, result.output
    assert f"{command[0]}:" in result.stderr  # the bar's label, on stderr; stdout keeps the summary
    assert f"{command[0]}:" not in result.stdout
