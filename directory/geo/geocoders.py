"""geopy geocoders: the offline gazetteer as a geopy Geocoder, and a polite, rate-limited Nominatim."""
from collections.abc import Callable

from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from .gazetteer import Gazetteer, Place


class OfflineGeocoder(Geocoder):
    """A geopy Geocoder answered from an offline gazetteer: no network, no API key."""

    def __init__(self, gazetteer: Gazetteer):
        super().__init__()
        self.gazetteer = gazetteer

    def geocode(self, query: str, *, exactly_one: bool = True, timeout: float | None = None
                ) -> Location | list[Location] | None:
        """The best match as a Location (or a one-element list), None when nothing matches; timeout is unused."""
        place = self.gazetteer.lookup(str(query or ""))
        if place is None:
            return None
        location = to_location(place)
        return location if exactly_one else [location]


def to_location(place: Place) -> Location:
    """A geopy Location for a gazetteer place; raw keeps the kind."""
    return Location(place.label, (place.latitude, place.longitude),
                    {"label": place.label, "kind": place.kind, "lat": place.latitude, "lon": place.longitude})


def make_nominatim(user_agent: str, timeout: float, domain: str | None = None) -> Callable[..., Location | None]:
    """Nominatim's geocode behind geopy's RateLimiter: at most one request a second, no retries, errors raised.

    Nominatim's usage policy asks for an application-specific user agent and at most one request per second.
    `domain` may carry a scheme ("http://127.0.0.1:8080") for a self-hosted server without TLS.
    """
    scheme = None
    if domain and "://" in domain:
        scheme, domain = domain.split("://", 1)
    options = {"domain": domain} if domain else {}
    nominatim = Nominatim(user_agent=user_agent, timeout=timeout, scheme=scheme, **options)
    return RateLimiter(nominatim.geocode, min_delay_seconds=1, max_retries=0, swallow_exceptions=False)
