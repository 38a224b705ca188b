"""Glue the blueprints share: the configured geocoder."""
from flask import current_app

from ..extensions import db
from ..geo.gazetteer import Place
from ..geo.geocoding import geocode_place


def app_geocode(text: str) -> Place | None:
    """Geocode with the provider this deployment is configured for (offline gazetteer by default)."""
    config = current_app.config
    return geocode_place(db.session, text, provider=config["GEOCODER"], user_agent=config["NOMINATIM_USER_AGENT"],
                         timeout=config.get("GEOCODER_TIMEOUT", 2.0), nominatim_domain=config.get("NOMINATIM_DOMAIN"))
