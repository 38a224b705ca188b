"""Glue the blueprints share: settings read from the app's config and handed to services as plain arguments, and the
`page` parameter of list pages."""
from datetime import date
from pathlib import Path

from flask import current_app, request
from sqlalchemy import select

from ..extensions import db
from ..geo.gazetteer import Gazetteer, Place, get_gazetteer
from ..geo.geocoding import geocode_place
from ..models import Service
from ..paths import PROJECT_ROOT
from ..services.hours import local_now
from ..services.one_box import vocabulary_for
from ..services.query_parse import Vocabulary
from ..services.reviews.rules import ReviewLimits

PAGE_ARG_DIGITS = 5  # a longer page number is junk (and int() refuses one of over 4,300 digits)

# Request parameters that, when given, win over what the search box's words say
BOX_PARAMETERS = ("near", "lat", "lng", "service", "gender", "amenity", "open_now", "verified", "max_price", "sort")


def app_gazetteer() -> Gazetteer:
    """The offline gazetteer from the configured folder (loaded once per process)."""
    return get_gazetteer(current_app.config["GAZETTEER_FOLDER"])


def app_geocode(text: str) -> Place | None:
    """Geocode with the provider this deployment is configured for (offline gazetteer by default)."""
    config = current_app.config
    return geocode_place(db.session, text, gazetteer=app_gazetteer(), provider=config["GEOCODER"],
                         user_agent=config["NOMINATIM_USER_AGENT"], timeout=config.get("GEOCODER_TIMEOUT", 2.0),
                         nominatim_domain=config.get("NOMINATIM_DOMAIN"))


def default_timezone() -> str:
    """The time zone of the directory's home market: "today" for badges and search filters."""
    return current_app.config["DEFAULT_TIMEZONE"]


def local_today() -> date:
    return local_now(default_timezone()).date()


def review_limits() -> ReviewLimits:
    return ReviewLimits.from_config(current_app.config)


def visit_code_days() -> int:
    """How long a new visit code stays valid (int(): environment variables arrive as strings)."""
    return int(current_app.config["VISIT_CODE_DAYS"])


def app_vocabulary() -> Vocabulary:
    """The interpreter's words: the configured conditions file and the massage types in the database."""
    rows = db.session.execute(select(Service.slug, Service.name).order_by(Service.slug))
    services = tuple((slug, name) for slug, name in rows)
    path = current_app.config.get("CONDITIONS_FILE") or str(PROJECT_ROOT / "seeds" / "conditions.json")
    return vocabulary_for(path, services, Path(current_app.config["GAZETTEER_FOLDER"]))


def given_parameters(args) -> set[str]:
    """The box-related parameters the request sets (empty form fields count as not given)."""
    return {key for key in BOX_PARAMETERS if any(value.strip() for value in args.getlist(key))}


def page_arg() -> int:
    """The list page asked for: a whole number from 1, else 1 (a junk link shows the first page; services stop at
    their last page)."""
    page = request.args.get("page", "1")
    return int(page) if page.isascii() and page.isdecimal() and len(page) <= PAGE_ARG_DIGITS and int(page) else 1
