"""Two languages, one URL each: English at `/...`, Urdu at `/ur/...`.

A small WSGI middleware moves a leading `/ur` from PATH_INFO into SCRIPT_NAME, so the routes never see it and
every `url_for` on an Urdu page keeps the prefix without being told. Flask-Babel reads the language from the URL,
never from a cookie: one URL, one language, which is what search engines index (with `hreflang` alternates).

The visitor's choice is remembered in a cookie (and on the account for members): an English URL opened by someone
who chose Urdu redirects to its Urdu twin. A first visit with no choice follows Accept-Language.
"""
from urllib.parse import urlencode

from flask import Flask, Request, Response, current_app, g, has_app_context, has_request_context, redirect, request
from flask_babel import Babel, Domain, get_locale
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

LANGUAGES = ("en", "ur")
DEFAULT_LANGUAGE = "en"
URDU_PREFIX = "/ur"
LANGUAGE_COOKIE = "lang"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
ENVIRON_KEY = "sukoon.language"
RTL_LANGUAGES = frozenset({"ur"})
LANGUAGE_NAMES = {"en": "English", "ur": "اردو"}
# Requests that are not pages: never redirected to another language.
NOT_PAGES = ("/api/", "/static/", "/media/", "/healthz", "/readyz", "/sitemap", "/robots.txt", "/language/")


class LanguagePrefix:
    """WSGI middleware: `/ur/centers/x` reaches the app as `/centers/x` with SCRIPT_NAME ending in `/ur`."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == URDU_PREFIX or path.startswith(URDU_PREFIX + "/"):
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + URDU_PREFIX
            environ["PATH_INFO"] = path[len(URDU_PREFIX):] or "/"
            environ[ENVIRON_KEY] = "ur"
        return self.wsgi_app(environ, start_response)


def language_of(req: Request) -> str:
    return req.environ.get(ENVIRON_KEY, DEFAULT_LANGUAGE)


def select_locale() -> str:
    """Flask-Babel's locale selector: the URL's language; outside a request English (mail uses force_locale)."""
    return language_of(request) if has_request_context() else DEFAULT_LANGUAGE


def current_language() -> str:
    return select_locale()


def text_direction() -> str:
    return "rtl" if current_language() in RTL_LANGUAGES else "ltr"


def root_path() -> str:
    """The site root without a language prefix (SCRIPT_NAME as the server gave it, before the middleware)."""
    script = request.script_root
    if language_of(request) == "ur":
        script = script[: -len(URDU_PREFIX)]
    return script


def without_language(url: str) -> str:
    """A URL built on an Urdu page, without the /ur prefix (static files are the same in both languages)."""
    if has_request_context() and language_of(request) == "ur" and url.startswith(request.script_root + "/"):
        return root_path() + url[len(request.script_root):]
    return url


def url_in(language: str, path: str | None = None, query: str | None = None) -> str:
    """This page (or `path`, relative to the site root) in `language`."""
    path = request.path if path is None else path
    query = request.query_string.decode("latin-1") if query is None else query
    prefix = root_path() + (URDU_PREFIX if language == "ur" else "")
    return prefix + path + (f"?{query}" if query else "")


def alternate_urls() -> dict[str, str]:
    """Absolute URLs of this page in each language, for `hreflang` links."""
    host = request.host_url.rstrip("/")
    return {language: host + url_in(language) for language in LANGUAGES}


def switch_url(language: str) -> str:
    """The header's language link: remembers the choice, then opens this page in that language."""
    target = request.full_path if request.query_string else request.path
    return root_path() + f"/language/{language}?" + urlencode({"next": target})


def preferred_language(req: Request) -> str | None:
    """The remembered choice (cookie, then account), else the browser's Accept-Language; None when none applies."""
    chosen = req.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    if current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    return req.accept_languages.best_match(LANGUAGES)


def follow_preference() -> Response | None:
    """An English page opened by someone who prefers Urdu goes to its Urdu twin (GET pages only)."""
    if request.method != "GET" or language_of(request) != DEFAULT_LANGUAGE or request.endpoint is None:
        return None
    if request.path.startswith(NOT_PAGES) or request.endpoint == "static":
        return None
    if preferred_language(request) == "ur":
        return redirect(url_in("ur"), code=302)
    return None


def vary_on_language(response: Response) -> Response:
    """English URLs answer by cookie and Accept-Language (they may redirect), Urdu pages by the font cookie
    (URDU_FONT_COOKIE), so shared caches must know."""
    if request.path.startswith(NOT_PAGES):
        return response
    response.vary.add("Cookie")
    if language_of(request) == DEFAULT_LANGUAGE:
        response.vary.add("Accept-Language")
    return response


def remember(response: Response, language: str) -> Response:
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=LANGUAGE_COOKIE_AGE, samesite="Lax", httponly=True,
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


class RequestCatalog(Domain):
    """Flask-Babel's message domain, remembering on the request (`g`) which catalog its locale uses.

    Flask-Babel 4 looks the catalog up by `str(locale)` on every gettext call; a results page makes ~500 of them and
    that lookup was a fifth of the page's time (docs/PERFORMANCE.md, "Where a page's time went"). The locale object
    is compared by identity, so force_locale (mail in the recipient's language) still switches catalogs."""

    def get_translations(self):
        if not has_app_context():
            return super().get_translations()
        state = g._get_current_object()  # read once: each access through the proxy costs more than the lookup
        forced = getattr(state.__dict__.get("_flask_babel"), "babel_locale", None)  # Flask-Babel's, if it has one
        locale = forced or get_locale()
        remembered = state.__dict__.get("_catalog")
        if remembered is None or remembered[0] is not locale:
            remembered = state._catalog = (locale, super().get_translations())
        return remembered[1]


def template_gettext(domain: Domain):
    """Jinja's `_`, `gettext` and `ngettext`, as Jinja's "newstyle" ones behave (the result is a format string,
    escaped under autoescape), in one call each: the i18n extension's `_` calls `gettext`, which calls the function
    Flask-Babel gave it, each through Jinja's Context.call, and a results page makes ~500 of them."""
    # Markup: the catalog's text is ours, trusted as Jinja's own gettext trusts it; `%` escapes the variables.
    @pass_eval_context
    def gettext(eval_context, string: str, /, **variables):
        translated = domain.get_translations().ugettext(string)
        return (Markup(translated) if eval_context.autoescape else translated) % variables  # noqa: S704  # nosec B704

    @pass_eval_context
    def ngettext(eval_context, singular: str, plural: str, number: int, /, **variables):
        variables.setdefault("num", number)  # a template may name the count otherwise
        translated = domain.get_translations().ungettext(singular, plural, number)
        return (Markup(translated) if eval_context.autoescape else translated) % variables  # noqa: S704  # nosec B704

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


URDU_FONT_COOKIE = "nastaliq"  # set by static/js/urdu-font.js once the browser holds the Urdu web font


def urdu_font_cached() -> bool:
    """Whether this browser has fetched the Nastaliq font (its cookie says so): then Urdu pages use it at once."""
    return has_request_context() and request.cookies.get(URDU_FONT_COOKIE) == "1"


def register(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", app.config["DEFAULT_TIMEZONE"])
    babel = Babel(app, locale_selector=select_locale)
    babel.domain_instance = RequestCatalog()
    app.jinja_env.globals.update(template_gettext(babel.domain_instance))
    app.wsgi_app = LanguagePrefix(app.wsgi_app)
    app.before_request(follow_preference)
    app.after_request(vary_on_language)
    app.add_template_global(current_language)
    app.add_template_global(urdu_font_cached)
    app.add_template_global(text_direction)
    app.add_template_global(alternate_urls)
    app.add_template_global(switch_url)
    app.add_template_global(url_in)
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
