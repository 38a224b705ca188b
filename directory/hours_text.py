"""Opening-hours wording in the page's language.

services/hours.py answers in a small fixed English grammar ("Open now · closes at 23:00", "Closed today · opens
tomorrow at 10:00", "Closed 25–26 Dec: Eid"), which the API returns as it is. Pages show the same facts through
these filters, which read that grammar and say it again through gettext; anything else is shown unchanged.
"""
import re

from babel.dates import get_day_names, get_month_names
from flask_babel import get_locale, gettext

from .services.hours import WEEKDAYS

_CLOCK = r"(?:at (?P<time>\d\d:\d\d)|at (?P<midnight>midnight))"
_WHEN = re.compile(rf"^(?:(?P<tomorrow>tomorrow) |(?P<day>{'|'.join(WEEKDAYS)}) )?{_CLOCK}$")
_CLOSED_FOR = re.compile(r"^Closed today \((?P<reason>.*)\)$")
_CLOSURE = re.compile(r"^Closed (?P<dates>[^:]+?)(?:: (?P<reason>.*))?$", re.S)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b")


def _ltr(text: str) -> str:
    """Left-to-right isolated inside a right-to-left page (Unicode LRI ... PDI), so "10:00–22:00" or "25–26" is not
    read backwards; English text stays as it is."""
    return text if get_locale() is None or get_locale().language == "en" else f"\u2066{text}\u2069"


def weekday_name(english: str) -> str:
    """"Monday" in the page's language."""
    if english not in WEEKDAYS:
        return english
    return get_day_names("wide", locale=get_locale())[WEEKDAYS.index(english)]


def _when(text: str) -> str:
    found = _WHEN.match(text)
    if found is None:
        return text
    if found["day"]:
        day = weekday_name(found["day"])
        if found["midnight"]:
            return gettext("%(day)s at midnight", day=day)
        return gettext("%(day)s at %(time)s", day=day, time=found["time"])
    if found["tomorrow"]:
        if found["midnight"]:
            return gettext("tomorrow at midnight")
        return gettext("tomorrow at %(time)s", time=found["time"])
    return gettext("at midnight") if found["midnight"] else gettext("at %(time)s", time=found["time"])


def _closed(text: str) -> str:
    if text == "Closed":
        return gettext("Closed")
    if text == "Closed today":
        return gettext("Closed today")
    found = _CLOSED_FOR.match(text)
    return gettext("Closed today (%(reason)s)", reason=found["reason"]) if found else text


def open_text(line: str | None) -> str:
    """An open-now line ("Open now · closes at 23:00", "Closed · opens Monday at 10:00") in the page's language."""
    if not line:
        return ""
    if line == "Open 24 hours":
        return gettext("Open 24 hours")
    if line == "Open now":
        return gettext("Open now")
    if line.startswith("Open now · closes "):
        return gettext("Open now · closes %(when)s", when=_when(line[len("Open now · closes "):]))
    closed, opens, when = line.partition(" · opens ")
    if opens:
        return gettext("%(closed)s · opens %(when)s", closed=_closed(closed), when=_when(when))
    return _closed(line)


def span_text(label: str) -> str:
    """One span of the weekly table: "10:00–22:00", "22:00–02:00 (next day)", "Open 24 hours"."""
    if label == "Open 24 hours":
        return gettext("Open 24 hours")
    if label.endswith(" (next day)"):
        return gettext("%(hours)s (next day)", hours=_ltr(label[: -len(" (next day)")]))
    return _ltr(label)


def closure_text(label: str) -> str:
    """"Closed 25–26 Dec: Eid" with the month in the page's language; the reason is the center's own words."""
    found = _CLOSURE.match(label)
    if found is None:
        return label
    months = get_month_names("abbreviated", locale=get_locale())
    dates = _MONTH.sub(lambda m: months[_MONTHS.index(m[1]) + 1], found["dates"])
    dates = re.sub(r"\d+–\d+", lambda m: _ltr(m[0]), dates)  # "25–26 Dec": only the day range reads left to right
    if found["reason"]:
        return gettext("Closed %(dates)s: %(reason)s", dates=dates, reason=found["reason"])
    return gettext("Closed %(dates)s", dates=dates)
