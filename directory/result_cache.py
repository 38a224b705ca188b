"""Short-lived caches of search answers (and, through kept/keep, of pages: page_cache.py); a cache that fails (Redis
down) is a miss, never an error."""
import hashlib
import json
from collections.abc import Callable

from flask import current_app

from .extensions import cache


def args_key(prefix: str, pairs: list[tuple[str, str]]) -> str:
    """A stable key for a query string: order of parameters does not matter, repeated ones do."""
    digest = hashlib.sha256(json.dumps(sorted(pairs), ensure_ascii=False).encode()).hexdigest()[:32]
    return f"{prefix}:{digest}"


def cached(key: str, compute: Callable[[], dict]) -> dict:
    """The cached value for `key`, or compute it and keep it for SEARCH_CACHE_SECONDS."""
    value = kept(key)
    if value is None:
        value = compute()
        keep(key, value, current_app.config["SEARCH_CACHE_SECONDS"])
    return value


def kept(key: str):
    """The cached value for `key`, or None: also when the backend fails (Redis down, timeouts), which is logged."""
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001  any backend failure: serve without the cache
        current_app.logger.warning("cache unavailable; not reading %s", key, exc_info=True)
        return None


def keep(key: str, value, seconds: int) -> None:
    """Keep `value` for `seconds`; a backend failure is logged, never raised."""
    try:
        cache.set(key, value, timeout=seconds)
    except Exception:  # noqa: BLE001
        current_app.logger.warning("cache unavailable; not storing %s", key, exc_info=True)
