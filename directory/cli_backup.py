"""`flask backup PATH` and `flask restore PATH`: thin wrappers over directory.backup."""
import shlex
from pathlib import Path

import click
from flask import Flask, current_app

from .backup import (
    STEP_PAGES,
    BackupError,
    backup_postgresql,
    backup_sqlite,
    libpq_target,
    pg_dump_command,
    pg_restore_command,
    restore_sqlite,
    sqlite_file,
)
from .extensions import db
from .progress import progress_bar


def register(app: Flask) -> None:
    app.cli.add_command(backup)
    app.cli.add_command(restore)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--step-pages", default=STEP_PAGES, show_default=True, type=click.IntRange(min=1),
              help="Pages copied per step (SQLite).")
def backup(path: Path, step_pages: int) -> None:
    """Write an online, consistent backup of the database to PATH (a new file) and check it."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    live = sqlite_file(url)
    try:
        if live is not None:
            with progress_bar(desc="backup", unit=" pages") as bar:
                report = backup_sqlite(live, path.resolve(), step_pages=step_pages, progress=pages_done(bar))
        elif db.engine.dialect.name == "postgresql":
            _print_postgresql_commands(url, path)
            report = backup_postgresql(db.engine, path.resolve())
        else:
            raise BackupError("Backups work on a file SQLite database or on PostgreSQL; this database is neither.")
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up to {report.path}: {report.summary()}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(path: Path, yes: bool) -> None:
    """Replace the live SQLite database with the backup at PATH, after checking the backup."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    live = sqlite_file(url)
    if live is None:
        message = "Refused: `flask restore` replaces a file SQLite database only."
        if db.engine.dialect.name == "postgresql":
            _print_postgresql_commands(url, path)
            message += " Run the pg_restore command above with the app stopped."
        raise click.ClickException(message)
    if not yes:
        click.confirm(f"Replace the live database {live} with {path}?", abort=True)
    busy = int(current_app.config.get("SQLITE_BUSY_TIMEOUT_MS", 5000)) / 1000
    db.engine.dispose()  # our own pooled connections must not hold the file while it is replaced
    try:
        with progress_bar(total=3, desc="restore", unit=" steps") as bar:
            report = restore_sqlite(path.resolve(), live, busy_timeout_s=max(busy, 5.0),
                                    step=lambda name: (bar.set_postfix_str(name), bar.update(1)))
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {path} into {report.path}: {report.summary()}.")


def pages_done(bar):
    """sqlite3's backup progress (status, remaining, total) drawn on a bar."""

    def update(_status: int, remaining: int, total: int) -> None:
        bar.total = total
        bar.update(total - remaining - bar.n)

    return update


def _print_postgresql_commands(url: str, path: Path) -> None:
    """The exact pg_dump and pg_restore commands for this database (the password stays out of them)."""
    _target, env = libpq_target(url)
    password = "PGPASSWORD=... " if env else ""
    click.echo("PostgreSQL backup and restore commands for this database:")
    click.echo(f"  backup:  {password}{shlex.join(pg_dump_command(url, path))}")
    click.echo(f"  restore: {password}{shlex.join(pg_restore_command(url, path))}")
