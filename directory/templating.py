"""Template filters and globals: money, dates, phone links, stars."""
import re
from datetime import datetime

from flask import Flask, request, url_for

from .models.base import utcnow
from .services.credentials import listing_is_stale
from .services.photo_sizes import widths_for


def pkr(amount: int | None) -> str:
    return "" if amount is None else f"PKR {amount:,}"


def days_ago(moment: datetime | None) -> str:
    if moment is None:
        return "never"
    days = (utcnow() - moment).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 60:
        return f"{days} days ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


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
    app.add_template_filter(days_ago)
    app.add_template_filter(tel_href)
    app.add_template_filter(whatsapp_href)
    app.add_template_filter(stars)
    app.jinja_env.globals["site_name"] = app.config["SITE_NAME"]
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
