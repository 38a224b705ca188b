"""Prices, relative days and opening hours in the page's language, with Western digits in both."""
from datetime import timedelta

import pytest
from flask_babel import force_locale

from directory.hours_text import closure_text, open_text, span_text
from directory.models.base import utcnow
from directory.templating import days_ago, pkr


@pytest.fixture
def in_request(app):
    with app.test_request_context("/"):
        yield


@pytest.mark.parametrize(("language", "expected"), [("en", "PKR 2,500"), ("ur", "2,500 روپے")])
def test_prices(in_request, language, expected):
    with force_locale(language):
        assert pkr(2500) == expected
        assert pkr(None) == ""


@pytest.mark.parametrize(("days", "english", "urdu"), [
    (0, "today", "آج"), (3, "3 days ago", "3 دن پہلے"), (90, "3 months ago", "3 مہینے پہلے"),
    (31, "31 days ago", "31 دن پہلے"), (61, "2 months ago", "2 مہینے پہلے"), (800, "2 years ago", "2 سال پہلے"),
])
def test_days_ago_counts_in_both_languages(in_request, days, english, urdu):
    moment = utcnow() - timedelta(days=days, hours=1)
    with force_locale("en"):
        assert days_ago(moment) == english
    with force_locale("ur"):
        assert days_ago(moment) == urdu


@pytest.mark.parametrize(("line", "english", "urdu"), [
    ("Open now · closes at 23:00", "Open now · closes at 23:00", "ابھی کھلا ہے · 23:00 بجے بند ہو گا"),
    ("Closed · opens Monday at 10:00", "Closed · opens Monday at 10:00", "بند · پیر، 10:00 بجے کھلے گا"),
    ("Closed today (Eid) · opens tomorrow at midnight", "Closed today (Eid) · opens tomorrow at midnight",
     "آج بند (Eid) · کل آدھی رات کو کھلے گا"),
    ("Open 24 hours", "Open 24 hours", "24 گھنٹے کھلا"),
    ("Something new the hours module says", "Something new the hours module says",
     "Something new the hours module says"),
])
def test_open_lines_are_said_again_in_the_page_language(in_request, line, english, urdu):
    with force_locale("en"):
        assert open_text(line) == english
    with force_locale("ur"):
        assert open_text(line) == urdu


def test_spans_and_closures(in_request):
    with force_locale("ur"):
        # time ranges and dates are isolated left to right (LRI ... PDI), else "10:00–22:00" reads "22:00–10:00"
        assert span_text("22:00–02:00 (next day)") == "\u206622:00–02:00\u2069 (اگلے دن)"
        assert span_text("10:00–22:00") == "\u206610:00–22:00\u2069"
        assert closure_text("Closed 25–26 Dec: Eid holidays") == "\u206625–26\u2069 دسمبر بند: Eid holidays"
        assert closure_text("Closed 30 Dec – 2 Jan 2027") == "30 دسمبر – 2 جنوری 2027 بند"
    with force_locale("en"):
        assert closure_text("Closed 30 Dec – 2 Jan 2027") == "Closed 30 Dec – 2 Jan 2027"
        assert span_text("10:00–22:00") == "10:00–22:00"
