"""The owner dashboard (my centers and what needs attention) and one center's overview with weekly insights."""
from flask import current_app, g, has_request_context, render_template, url_for
from flask_login import current_user, login_required

from ... import insights_buffer
from ...extensions import db
from ...services import insights
from ...services.bookings.queries import BOOKING_FIELDS, weekly_bookings
from ...services.dashboard import Item, attention_for, dashboard_rows, manages_any
from ...services.hours import local_now
from ..common import page_arg
from ..guards import get_managed_center_or_404
from . import bp
from .charts import chart
from .listing_forms import ConfirmForm

# The page that fixes each kind of attention item (services/dashboard.py names them by key).
ATTENTION_PAGES = {"therapists": "manage.therapists", "reports": "manage.reports", "overview": "manage.center_home",
                   "reviews": "reviews.index", "bookings": "manage.bookings"}


def today():
    return local_now(current_app.config["DEFAULT_TIMEZONE"]).date()


def attention_link(item: Item, center) -> str | None:
    """Where the owner fixes this item, or None when no page does (reviews of a listing not yet public)."""
    endpoint = ATTENTION_PAGES.get(item.page)
    return url_for(endpoint, slug=center.slug) if endpoint else None


@bp.get("/")
@login_required
def dashboard():
    return render_template("manage/dashboard.html", page=dashboard_rows(db.session, current_user, today(), page_arg()),
                           attention_link=attention_link)


@bp.get("/centers/<slug>")
@login_required
def center_home(slug: str):
    center = get_managed_center_or_404(slug)
    day = today()
    insights_buffer.flush()  # this process's buffered counts: the owner sees up-to-date figures
    weeks, totals = insights.weekly(db.session, center.id, day)
    booking_weeks = weekly_bookings(db.session, center.id, [week.start for week in weeks], center.timezone)
    return render_template("manage/center_home.html", center=center, attention=attention_for(db.session, [center],
                           day)[center.id], weeks=weeks, totals=totals, fields=insights.FIELDS,
                           charts=[chart(trend) for trend in insights.trends(weeks)],
                           attention_link=attention_link, booking_weeks=booking_weeks, booking_fields=BOOKING_FIELDS,
                           confirm_form=ConfirmForm(formdata=None, prefix="confirm", version=center.version,
                                                    back="home"))


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
