"""Sukoon: a directory of spa and massage centers with reviews."""
import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import database  # also registers the SQLite connection settings
from .config import Config, check_config, from_environment
from .extensions import SukoonApi, cache, csrf, db, limiter, login_manager, migrate
from .paths import PROJECT_ROOT
from .serving_checks import register_serving_marker, register_weak_key_guard


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: config layers, extensions, blueprints, error handlers, commands."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("SUKOON_INSTANCE_PATH", str(PROJECT_ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_object(Config)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'sukoon.db'}"
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(from_environment())
    else:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    check_config(app.config)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = database.engine_options(app.config)

    register_proxy_fix(app)
    register_weak_key_guard(app)
    register_serving_marker(app)
    register_serving(app)  # before the extensions: a request id must exist before a rate limit can refuse
    register_extensions(app)
    register_listeners()
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    register_languages(app)
    return app


def register_proxy_fix(app: Flask) -> None:
    """Trust X-Forwarded-* only from the configured number of proxies; otherwise anyone could forge their address."""
    hops = app.config["PROXY_HOPS"]
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_serving(app: Flask) -> None:
    from . import logging_setup, security_headers, static_files

    logging_setup.register(app)
    security_headers.register(app)
    static_files.register(app)


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            database.configure_engine(engine, app.config)
    from .models.search import include_in_autogenerate

    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True,
                     include_object=include_in_autogenerate)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    cache.init_app(app)
    from . import insights_buffer, page_cache
    from .auth import load_user  # noqa: F401  (registers the user loader)

    insights_buffer.register(app)  # this process's buffer of insight counts, written in batches
    page_cache.register(app)  # after csrf: cached pages hold a mark where each visitor's CSRF token goes


def register_listeners() -> None:
    """Model listeners that keep derived data in step (the masks of the spatial index, the per-city counts, the
    centers' names on their menu lines)."""
    from .services import amenities_mask, city_counts, hours_mask, price_order, services_mask

    services_mask.register_listeners()
    price_order.register_listeners()
    amenities_mask.register_listeners()
    city_counts.register_listeners()
    hours_mask.register_listeners()


def register_blueprints(app: Flask) -> None:
    from .blueprints.accounts import bp as accounts_bp
    from .blueprints.admin import bp as admin_bp
    from .blueprints.api import bp as api_bp
    from .blueprints.api.docs import bp as api_docs_bp
    from .blueprints.bookings import bp as bookings_bp
    from .blueprints.centers import bp as centers_bp
    from .blueprints.guide import bp as guide_bp
    from .blueprints.main import bp as main_bp
    from .blueprints.manage import bp as manage_bp
    from .blueprints.media import bp as media_bp
    from .blueprints.notifications import bp as notifications_bp
    from .blueprints.notifications.sender import register as register_mail_sender
    from .blueprints.reviews import bp as reviews_bp
    from .blueprints.search import bp as search_bp
    from .blueprints.therapists import bp as therapists_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(search_bp, url_prefix="/search")
    app.register_blueprint(centers_bp, url_prefix="/centers")
    app.register_blueprint(therapists_bp, url_prefix="/therapists")
    app.register_blueprint(guide_bp, url_prefix="/guide")
    app.register_blueprint(accounts_bp, url_prefix="/accounts")
    app.register_blueprint(reviews_bp)
    app.register_blueprint(manage_bp, url_prefix="/manage")
    app.register_blueprint(bookings_bp)
    app.register_blueprint(notifications_bp)
    register_mail_sender(app)  # sends queued mail after the response; `flask send-mail`
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(media_bp, url_prefix="/media")
    SukoonApi(app).register_blueprint(api_bp, url_prefix="/api/v1")  # one Api per app: it holds the spec
    app.register_blueprint(api_docs_bp)  # the reference page at /api/v1/docs
    csrf.exempt(api_bp)  # read-only GET endpoints; no cookies are needed to use them


def register_errorhandlers(app: Flask) -> None:
    from .errors import register
    from .input_guard import register as register_input_guard

    register(app)
    register_input_guard(app)


def register_commands(app: Flask) -> None:
    from .cli import register

    register(app)


def register_languages(app: Flask) -> None:
    """English and Urdu: Flask-Babel, the /ur/ URL prefix, the remembered choice (after the blueprints' hooks)."""
    from . import i18n

    i18n.register(app)


def register_template_helpers(app: Flask) -> None:
    from .templating import register

    register(app)
