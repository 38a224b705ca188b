"""WSGI app for the page benchmark (gunicorn bench_app:app): the real app, or the search page without its queries.

Environment:
  DATABASE_URL         the database to serve, e.g. sqlite:////work/main/bench/data/centers-1m.db (required)
  SECRET_KEY           passed to the app (page_bench.py sets a random one; without it a per-process one is made)
  SUKOON_BENCH_FIXED   "1": the search page's database work is replaced by fixed results. The first search request
                       in each worker runs the real search and the real _page_extras once and caches their output;
                       every later search request gets those same objects back, whatever its parameters. What is
                       left to measure is argument parsing, the service list, the template and Flask itself, so
                       real req/s / fixed req/s shows what the query costs. Benchmark one search URL per server.
"""
import os
import secrets

from directory import create_app
from directory.blueprints.search import views as search_views

if not os.environ.get("DATABASE_URL") and not os.environ.get("SUKOON_DATABASE_URL"):
    raise RuntimeError("set DATABASE_URL, e.g. sqlite:////work/main/bench/data/centers-100k.db")
os.environ.setdefault("SECRET_KEY", secrets.token_hex(32))

app = create_app()
FIXED = os.environ.get("SUKOON_BENCH_FIXED") == "1"

_real_search = search_views.search
_real_page_extras = search_views._page_extras
_cache: dict = {}


def fixed_search(session, query, **kwargs):
    """The first call runs the real search and page extras and caches them; later calls return the cache."""
    if "result" not in _cache:
        result = _real_search(session, query, **kwargs)
        extras = _real_page_extras(result)
        session.expunge_all()  # the hits are plain objects (services/search_cards.py): nothing can reach the database
        _cache.update(result=result, extras=extras, query=query)
        app.logger.warning("bench fixed mode: cached %d hits for %r", len(result.hits), query)
    return _cache["result"]


def fixed_page_extras(result) -> dict:
    """The badges, prices and open-now lines cached with the fixed search result (none before it exists)."""
    return _cache["extras"] if "extras" in _cache else _real_page_extras(result)


if FIXED:
    search_views.search = fixed_search
    search_views._page_extras = fixed_page_extras
