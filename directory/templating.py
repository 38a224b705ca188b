"""Template filters and globals: money, dates, phone links, stars."""
import re
from datetime import date, datetime

from flask import Flask, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, get_locale, gettext, ngettext

from .hours_text import closure_text, open_text, span_text, weekday_name
from .models.base import utcnow
from .services.credentials import listing_is_stale
from .services.photo_sizes import widths_for


def pkr(amount: int | None) -> str:
    """"PKR 2,500" in English, "2,500 روپے" in Urdu (Western digits in both)."""
    return "" if amount is None else gettext("PKR %(amount)s", amount=format_decimal(amount))


def days_ago(moment: datetime | None) -> str:
    if moment is None:
        return gettext("never")
    days = (utcnow() - moment).days
    if days <= 0:
        return gettext("today")
    if days == 1:
        return gettext("yesterday")
    if days < 60:
        return ngettext("%(num)d day ago", "%(num)d days ago", days)
    if days < 730:
        return ngettext("%(num)d month ago", "%(num)d months ago", days // 30)
    return ngettext("%(num)d year ago", "%(num)d years ago", days // 365)


def translated(text: str | None) -> str:
    """Data text whose English is in the catalog (guide texts, labels marked with N_), in the page's language.

    Unlike `_()` in a template, the result is not marked safe and is never %-formatted, so any text is safe here.
    """
    return gettext(text) if text else ""


def day_date(day: date | datetime, year: bool = True) -> str:
    """"Thursday 05 Mar 2026" (or without the year) in the page's language (Western digits)."""
    return format_date(day, "EEEE dd MMM y" if year else "EEEE dd MMM", rebase=False)


def day_time(moment: datetime) -> str:
    """"Thursday 05 Mar 2026 at 18:30" in the page's language."""
    return gettext("%(day)s at %(time)s", day=format_date(moment, "EEEE dd MMM y", rebase=False),
                   time=format_datetime(moment, "HH:mm", rebase=False))


def month_year(day: date) -> str:
    """"March 2025" in the page's language."""
    return format_date(day, "LLLL y", rebase=False)


def _say(text: str, values: dict) -> str:
    """One catalog text with its values in the page's language: dates written for it, kind and method translated."""
    shown = {key: format_date(value, "d MMM y", rebase=False) if isinstance(value, date | datetime)
             else gettext(value) if key in ("kind", "method") and value else value for key, value in values.items()}
    return gettext(text, **shown)


def _in_english() -> bool:
    locale = get_locale()
    return locale is None or locale.language == "en"


def badge_label(badge) -> str:
    """A badge's label in the page's language (English as the service wrote it)."""
    if badge.label_words and not _in_english():
        return _say(*badge.label_words)
    return translated(badge.label)


def badge_explanation(badge) -> str:
    """A badge's explanation in the page's language, sentence by sentence (English as the service wrote it)."""
    if badge.explanation_words and not _in_english():
        return " ".join(_say(*sentence) for sentence in badge.explanation_words)
    return translated(badge.explanation)


def tel_href(number: str | None) -> str:
    return "tel:" + re.sub(r"[^\d+]", "", number or "")


def whatsapp_href(number: str | None) -> str:
    """wa.me wants the international number, digits only."""
    return "https://wa.me/" + re.sub(r"\D", "", number or "")


def stars(rating: float | None) -> str:
    if rating is None:
        return "☆☆☆☆☆"
    full = int(round(rating))
    return "★" * full + "☆" * (5 - full)


def url_with(**changes) -> str:
    """The current URL with some query parameters replaced (None drops one); repeated parameters survive."""
    args = request.args.copy()
    for key, value in changes.items():
        args.poplist(key)
        if value is not None:
            args.setlist(key, value if isinstance(value, list) else [value])
    return url_for(request.endpoint, **(request.view_args or {}), **args.to_dict(flat=False))


def media_url(endpoint: str, **values) -> str:
    """A stored photo's URL, the same in both languages (no /ur prefix), so a browser caches it once."""
    from .i18n import without_language

    return without_language(url_for(endpoint, **values))


def stale_listing(center) -> bool:
    """True when the center has not confirmed its listing for 180 days (cards and pages say so)."""
    return listing_is_stale(center, utcnow().date())


def register(app: Flask) -> None:
    app.add_template_global(stale_listing)
    app.add_template_global(url_with)
    app.add_template_global(widths_for, "photo_widths")
    app.add_template_global(media_url)
    app.add_template_filter(pkr)
    app.add_template_filter(translated, "tr")
    app.add_template_filter(days_ago)
    for presenter in (open_text, span_text, closure_text, weekday_name, day_date, day_time, month_year, badge_label,
                      badge_explanation):
        app.add_template_filter(presenter)
    app.add_template_filter(tel_href)
    app.add_template_filter(whatsapp_href)
    app.add_template_filter(stars)
    app.jinja_env.globals["site_name"] = app.config["SITE_NAME"]
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
