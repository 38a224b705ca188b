"""geopy's Nominatim, made polite: rate-limited to one request a second, with the app's user agent."""
from collections.abc import Callable

from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.location import Location


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
