"""Text to a point, the one way the app does it: the offline gazetteer, or Nominatim with a cache and a fallback."""
import functools
import logging
from datetime import timedelta

from geopy.exc import GeopyError
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..models.base import utcnow
from ..models.search import GeocodeCache
from ..text import clean_text
from .gazetteer import Gazetteer, Place
from .geocoders import make_nominatim

log = logging.getLogger(__name__)

PROVIDERS = ("offline", "nominatim")
MAX_QUERY = 200  # GeocodeCache.query is String(200)
MAX_LABEL = 300  # GeocodeCache.label is String(300)
CACHE_TTL = timedelta(days=30)

# One rate limiter per configuration and process: the 1 request/second limit must hold across requests
nominatim_for = functools.cache(make_nominatim)


def geocode_place(session: Session, text: str, *, gazetteer: Gazetteer, provider: str = "offline",
                  user_agent: str = "sukoon-directory/1.0", timeout: float = 2.0,
                  nominatim_domain: str | None = None) -> Place | None:
    """The place the text names, or None; never raises for bad text, and falls back to offline when Nominatim fails.

    Nominatim answers are cached in GeocodeCache within the caller's transaction: written, never committed.
    """
    provider = provider.strip().lower()
    if provider not in PROVIDERS:
        raise ValueError(f"unknown geocoder {provider!r}: expected one of {', '.join(PROVIDERS)}")
    query = " ".join(clean_text(text if isinstance(text, str) else "", MAX_QUERY).split())
    if not query:
        return None
    if provider == "nominatim":
        place = _nominatim_place(session, query, user_agent, float(timeout), nominatim_domain)
        if place is not None:
            return place
    # Also the fallback: the gazetteer knows Karachi neighbourhoods that OpenStreetMap may label differently
    return gazetteer.lookup(query)


def _nominatim_place(session: Session, query: str, user_agent: str, timeout: float, domain: str | None) -> Place | None:
    """Nominatim's answer, from the cache while fresh; None when it found nothing or could not be asked."""
    key = query.lower()
    cached = session.get(GeocodeCache, (key, "nominatim"))
    if cached is not None and cached.created_at >= utcnow() - CACHE_TTL:
        if cached.latitude is None or cached.longitude is None:
            return None  # a remembered "not found"
        return Place(cached.latitude, cached.longitude, cached.label or query, "place")
    try:
        location = nominatim_for(user_agent, timeout, domain)(query, exactly_one=True)
    except GeopyError as exc:  # timeout, refused, unavailable, HTTP error, bad answer: search still works offline
        log.warning("Nominatim failed for %r, using the offline gazetteer: %s: %s", query, type(exc).__name__, exc)
        return None
    # "place": the cache keeps no kind, and a fresh answer must look the same as a remembered one
    place = Place(location.latitude, location.longitude, location.address[:MAX_LABEL], "place") if location else None
    _remember(session, key, cached, place)
    return place


def _remember(session: Session, key: str, row: GeocodeCache | None, place: Place | None) -> None:
    """Store or refresh the answer ("not found" has NULL coordinates) in the caller's transaction.

    An upsert rather than add + flush: two requests asking the same new query at once must not make one of them fail
    on the primary key, and a savepoint is no way out on SQLite (pysqlite commits a savepoint opened outside BEGIN).
    """
    values = {"latitude": place.latitude if place else None, "longitude": place.longitude if place else None,
              "label": place.label if place else None, "created_at": utcnow()}
    insert = postgresql.insert if session.get_bind(GeocodeCache).dialect.name == "postgresql" else sqlite.insert
    statement = insert(GeocodeCache).values(query=key, provider="nominatim", **values)
    session.execute(statement.on_conflict_do_update(index_elements=["query", "provider"], set_=values))
    if row is not None:
        session.expire(row)  # the row changed underneath the identity map
