"""Command-line tasks: `flask seed` and `flask create-admin`, thin wrappers over services."""
import click
from flask import Flask, current_app
from sqlalchemy import func, select

from .cli_backup import register as register_backup
from .extensions import db
from .models import Center, Role, User
from .models.base import utcnow
from .passwords import hash_password
from .progress import progress_bar
from .services.password_policy import PasswordRejected, check_password
from .services.seeding import SeedError, load_seeds


def register(app: Flask) -> None:
    app.cli.add_command(seed)
    app.cli.add_command(create_admin)
    app.cli.add_command(insights_flush)
    app.cli.add_command(recount_cities)
    app.cli.add_command(rebuild_open_cells)
    app.cli.add_command(optimize_search)
    register_backup(app)


@click.command("seed")
@click.option("--if-empty", is_flag=True, help="Only load when the database has no centers yet.")
def seed(if_empty: bool) -> None:
    """Load the sample centers, catalog and reviews from seeds/ (safe to run again)."""
    from .paths import PROJECT_ROOT

    if if_empty and db.session.scalar(select(func.count(Center.id))):
        click.echo("Database already has centers; seed data not loaded.")
        return
    try:
        with progress_bar(desc="seed", unit=" records") as bar:
            counts = load_seeds(db.session, PROJECT_ROOT / "seeds", timezone=current_app.config["DEFAULT_TIMEZONE"],
                                progress=bar.update)
    except SeedError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo("Loaded " + ", ".join(f"{count} {name}" for name, count in counts.items()) + " (sample data).")


@click.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", "display_name", default="Administrator", show_default=True)
@click.password_option()
def create_admin(email: str, display_name: str, password: str) -> None:
    """Create an administrator account (there is no default admin)."""
    email = email.strip().lower()
    if "@" not in email:
        raise click.ClickException("That is not an email address.")
    try:
        check_password(password, email=email, display_name=display_name)
    except PasswordRejected as exc:
        raise click.ClickException(str(exc)) from exc
    if db.session.scalar(select(User).where(func.lower(User.email) == email)):
        raise click.ClickException(f"An account for {email} already exists.")
    db.session.add(User(email=email, display_name=display_name, password_hash=hash_password(password),
                        role=Role.ADMIN, email_verified_at=utcnow()))
    db.session.commit()
    current_app.logger.info("admin account created for %s", email)
    click.echo(f"Administrator {email} created.")


@click.command("insights-flush")
def insights_flush() -> None:
    """Write the page-view, search and contact-click counts this process has buffered."""
    from .insights_buffer import flush

    rows = flush()
    click.echo(f"Wrote insights for {rows} center-week{'s' if rows != 1 else ''}.")


@click.command("recount-cities")
def recount_cities() -> None:
    """Recount the home page's published centers per city from the centers table (after bulk SQL or a restore)."""
    from .services.city_counts import refresh_city_counts

    refresh_city_counts(db.session)
    db.session.commit()
    click.echo("City counts rebuilt.")


@click.command("rebuild-open-cells")
def rebuild_open_cells() -> None:
    """Recompute the hours anything is open per 0.1-degree cell (after bulk SQL, a restore, or to drop stale bits)."""
    from .services.open_cells import rebuild_open_cells as rebuild

    rebuild(db.session)
    db.session.commit()
    click.echo("Open-hours cells rebuilt.")


MAX_MERGE_STEPS = 100_000  # bounds the loop (1M documents merge in ~150 steps)


@click.command("optimize-search")
def optimize_search() -> None:
    """Merge SQLite's full-text index into one segment in short steps (after bulk loads, and weekly), or refresh
    PostgreSQL's word statistics; searches stay open meanwhile."""
    from .services.search_index import merge_text_index

    steps = 0
    while steps < MAX_MERGE_STEPS and merge_text_index(db.session):
        db.session.commit()  # each step its own write: other writers wait for one step at most
        steps += 1
    db.session.commit()
    click.echo(f"Search index merged in {steps} step{'s' if steps != 1 else ''}." if steps
               else "Search index already merged (or its statistics refreshed).")
