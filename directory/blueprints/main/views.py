"""Home page, health and readiness probes, sitemap and robots.txt."""
from functools import lru_cache

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, Response, current_app, render_template, url_for
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from ...extensions import db, limiter
from ...models import Center, CenterStatus
from ...services.centers import all_services, city_counts, featured_centers

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    session = db.session
    return render_template("main/home.html", featured=featured_centers(session), cities=city_counts(session),
                           services=all_services(session))


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """The process is up (no database call: load balancers poll this often)."""
    return {"status": "ok"}


@lru_cache(maxsize=4)
def migration_heads(directory: str) -> frozenset[str]:
    """The head revisions of the code's migrations; they only change with a deploy, so read them once."""
    return frozenset(ScriptDirectory(directory).get_heads())


@bp.get("/readyz")
@limiter.exempt
def readyz():
    """Ready for traffic: the database answers and its schema is at the migrations' head."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = frozenset(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as error:
        current_app.logger.warning("not ready: database unreachable (%s)", type(error).__name__)
        return {"status": "not ready", "reason": "database"}, 503
    expected = migration_heads(str(current_app.extensions["migrate"].directory))
    if current != expected:
        current_app.logger.warning("not ready: database at %s, migrations at %s", sorted(current), sorted(expected))
        return {"status": "not ready", "reason": "migrations"}, 503
    return {"status": "ready"}


@bp.get("/sitemap.xml")
def sitemap():
    rows = db.session.execute(select(Center.slug, Center.updated_at).where(Center.status == CenterStatus.PUBLISHED)
                              .order_by(Center.slug))
    pages = [(url_for("centers.show", slug=slug, _external=True), updated) for slug, updated in rows]
    pages += [(url_for(endpoint, _external=True), None) for endpoint in ("main.home", "guide.index")]
    xml = render_template("main/sitemap.xml", pages=pages)
    return Response(xml, mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    body = (f"User-agent: *\nDisallow: /api/\nDisallow: /centers/*/contact/\n"
            f"Sitemap: {url_for('main.sitemap', _external=True)}\n")
    return Response(body, mimetype="text/plain")
