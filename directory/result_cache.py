"""A short-lived cache of search answers; a cache that fails (Redis down) is a miss, never an error."""
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
    try:
        value = cache.get(key)
    except Exception:  # noqa: BLE001  any backend failure (Redis down, timeouts): serve without the cache
        current_app.logger.warning("result cache unavailable; computing %s", key, exc_info=True)
        return compute()
    if value is not None:
        return value
    value = compute()
    try:
        cache.set(key, value, timeout=current_app.config["SEARCH_CACHE_SECONDS"])
    except Exception:  # noqa: BLE001
        current_app.logger.warning("result cache unavailable; not storing %s", key, exc_info=True)
    return value
