"""The massage guide: every massage type, what it helps, cautions, and who offers it."""
from flask import abort, render_template

from ...extensions import db
from ...page_cache import Page, anonymous_page
from ...services.centers import GUIDE_LIMIT, all_services, centers_offering, get_service
from ...services.conditions import all_conditions, conditions_for_service
from ...services.credentials import RECENTLY_CONFIRMED, STALE_LISTING
from . import bp


@bp.get("/")
def index():
    return render_template("guide/index.html", services=all_services(db.session),
                           conditions=all_conditions(db.session))


@bp.get("/<slug>")
def show(slug: str):
    """A massage type and who offers it, cheapest first (up to 1,000 menu lines read): kept a minute for visitors."""
    return anonymous_page("guide", lambda: _type_page(slug)).body


def _type_page(slug: str) -> Page:
    service = get_service(db.session, slug)
    if service is None:
        abort(404)
    return Page(render_template("guide/show.html", service=service, offers=centers_offering(db.session, service),
                                limit=GUIDE_LIMIT, conditions=conditions_for_service(db.session, service.id)))


def badges():
    """What every badge means (at /badges, outside the /guide prefix)."""
    return render_template("guide/badges.html", recent_days=RECENTLY_CONFIRMED.days, stale_days=STALE_LISTING.days)


bp.record_once(lambda state: state.app.add_url_rule("/badges", endpoint="guide.badges", view_func=badges))
