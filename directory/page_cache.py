"""Whole pages for anonymous visitors, kept PAGE_CACHE_SECONDS (the search answers' minute); a failing cache is a miss.

A search results page or a center page is the same for every anonymous visitor asking the same URL in the same
language (and font class): rendering it costs 7-10 ms of CPU at 1M centers, serving it from the cache well under
one. What differs per request stays outside the cache: the view counts owner insights from the `refs` the page
keeps (search appearances, page views) each time it is served, and CSRF tokens are rendered as a mark that each
response fills with its own visitor's token. Signed-in visitors, and a request with a flashed message waiting, are
never served from nor stored into the cache. A center page's key also holds the listing's stamp (its version and
rating count), so an owner's edit or a newly published review shows at once; other changes within the minute.
"""
import hashlib
import zlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from .i18n import current_language, urdu_font_cached
from .result_cache import keep, kept

TOKEN_MARK = "__sukoon_csrf_token__"  # noqa: S105  (a placeholder, not a secret)


@dataclass(frozen=True)
class Page:
    """A rendered page and the centers it counts for owner insights whenever it is shown."""
    body: str
    refs: tuple = ()
    keep: bool = True  # False: serve it, but do not keep it (an error that may pass)


def anonymous_page(name: str, render: Callable[[], Page | Response], stamp: Hashable = "") -> Page | Response:
    """The page `render` makes for this URL: from the cache for an anonymous visitor when kept, else rendered now.

    `render` may answer with a Response (a redirect): that is returned as it is and never kept. `stamp` joins the key
    (None: this page is not to be cached, e.g. no such center).
    """
    key = _key(name, stamp)
    if key is None:
        return _with_tokens(render())
    found = kept(key)
    if found is not None:
        body, refs = found
        return _with_tokens(Page(zlib.decompress(body).decode(), refs))
    g.page_cache_marks = True
    try:
        page = render()
    finally:
        g.page_cache_marks = False
    if isinstance(page, Page) and page.keep:
        # compressed: 25-50 KB of HTML keeps as 4-8 KB (0.13 ms to compress, 0.06 ms to expand), so the cache,
        # whose keys anyone can multiply with new URLs, holds 7x more pages in the same memory
        keep(key, (zlib.compress(page.body.encode(), 1), page.refs), current_app.config["PAGE_CACHE_SECONDS"])
    return _with_tokens(page)


def _key(name: str, stamp: Hashable) -> str | None:
    if (stamp is None or not current_app.config["PAGE_CACHE_SECONDS"] or request.method not in ("GET", "HEAD")
            or "_flashes" in session or current_user.is_authenticated):
        return None
    where = "\n".join((request.host_url, request.script_root, request.full_path, current_language(),
                       "nastaliq" if urdu_font_cached() else "", repr(stamp)))
    return f"page:{name}:{hashlib.sha256(where.encode()).hexdigest()[:32]}"


def _with_tokens(page: Page | Response) -> Page | Response:
    """The page with this visitor's CSRF token where the cached copy has the mark."""
    if isinstance(page, Page) and TOKEN_MARK in page.body:
        return Page(page.body.replace(TOKEN_MARK, generate_csrf()), page.refs, page.keep)
    return page


def csrf_token() -> str:
    """Templates' `csrf_token()`: the visitor's token, or the mark while a page is rendered for the cache."""
    return TOKEN_MARK if g.get("page_cache_marks") else generate_csrf()


def register(app: Flask) -> None:
    """Call after CSRFProtect.init_app, whose `csrf_token` template global this replaces."""
    app.jinja_env.globals["csrf_token"] = csrf_token
