"""The owner dashboard (my centers and what needs attention) and one center's overview with weekly insights."""
import click
from flask import g, has_request_context, render_template
from flask.cli import with_appcontext
from flask_login import current_user, login_required

from ...extensions import db
from ...services import insights
from ...services.dashboard import attention_for, dashboard_rows, manages_any
from ...services.hours import local_now
from ..guards import get_managed_center_or_404
from .views import bp


def today():
    return local_now("Asia/Karachi").date()


@bp.get("/")
@login_required
def dashboard():
    return render_template("manage/dashboard.html", rows=dashboard_rows(db.session, current_user, today()))


@bp.get("/centers/<slug>")
@login_required
def center_home(slug: str):
    center = get_managed_center_or_404(slug)
    day = today()
    insights.flush()  # this process's buffered counts: the owner sees up-to-date figures
    weeks, totals = insights.weekly(db.session, center.id, day)
    return render_template("manage/center_home.html", center=center, attention=attention_for(db.session, [center],
                           day)[center.id], weeks=weeks, totals=totals, fields=insights.FIELDS,
                           confirm_form=_confirm_form(center))


def _confirm_form(center):
    """The "confirm it's current" button, when the listing-editing pages (another module) provide it."""
    try:
        from .listing_forms import ConfirmForm
    except ImportError:
        return None
    return ConfirmForm(formdata=None, prefix="confirm", version=center.version, back="home")


def shows_my_centers() -> bool:
    """The "My centers" link: owners and admins by role; members only when they manage a center (one query, once)."""
    if not has_request_context() or not current_user.is_authenticated:
        return False
    if current_user.role in ("owner", "admin"):
        return True
    if "manages_any_center" not in g:
        g.manages_any_center = manages_any(db.session, current_user)
    return g.manages_any_center


@bp.app_context_processor
def my_centers_link() -> dict:
    return {"shows_my_centers": shows_my_centers}


@click.command("insights-flush")
@with_appcontext
def insights_flush() -> None:
    """Write the page-view, search and contact-click counts this process has buffered."""
    rows = insights.flush()
    click.echo(f"Wrote insights for {rows} center-week{'s' if rows != 1 else ''}.")


@bp.record_once
def _register_command(state) -> None:
    state.app.cli.add_command(insights_flush)
