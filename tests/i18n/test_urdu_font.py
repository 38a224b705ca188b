"""The Urdu web font: vendored with its licence, declared with swap and the Arabic-script range, and its URLs carry
the content hash so browsers keep it for a year (a stale hash after an update would be served for five minutes)."""
import re

from directory import PROJECT_ROOT
from directory.static_files import LONG_CACHE

CSS = PROJECT_ROOT / "static" / "css" / "site.css"
FONT_URL = re.compile(r'url\("\.\./(vendor/noto-nastaliq-urdu/[\w.-]+\.woff2)\?v=(\w+)"\)')


def font_faces() -> list[str]:
    return re.findall(r"@font-face \{.*?\}", CSS.read_text(encoding="utf-8"), re.S)


def test_one_file_serves_every_weight_swapping_for_arabic_script_only():
    faces = font_faces()
    assert [re.search(r"font-weight: ([\d ]+);", face).group(1) for face in faces] == ["400 700"]
    for face in faces:
        assert "font-display: swap" in face and "unicode-range: U+0600-06FF" in face
        assert "U+0000" not in face and "U+0030" not in face  # Latin letters and digits stay in the system font
    assert (PROJECT_ROOT / "static" / "vendor" / "noto-nastaliq-urdu" / "LICENSE").read_text().count("Open Font") >= 1


def test_font_urls_name_the_current_files_and_are_cached_for_a_year(app):
    client = app.test_client()
    found = FONT_URL.findall(CSS.read_text(encoding="utf-8"))
    assert len(found) == 1
    for path, version in found:
        response = client.get(f"/static/{path}?v={version}")
        assert response.status_code == 200 and response.data[:4] == b"wOF2"
        assert response.headers["Cache-Control"] == LONG_CACHE, f"{path}: ?v= is not its hash, update site.css"


def test_a_first_urdu_page_fetches_the_font_after_loading_and_later_pages_use_it(app):
    """Without the cookie an Urdu page paints in the system font and carries the script that fetches the font
    (hashed URL) after the page has loaded; with it, <html class="nastaliq"> turns the font on. English: neither."""
    client = app.test_client()
    (path, version), = FONT_URL.findall(CSS.read_text(encoding="utf-8"))
    first = client.get("/ur/guide/").get_data(as_text=True)
    assert f'data-font="/static/{path}?v={version}" defer></script>' in first and "js/urdu-font.js" in first
    assert 'class="nastaliq"' not in first and 'rel="preload"' not in first
    assert "Cookie" in client.get("/ur/guide/").headers["Vary"]  # shared caches keep the two versions apart
    client.set_cookie("nastaliq", "1", domain="sukoon.test")
    later = client.get("/ur/guide/").get_data(as_text=True)
    assert '<html lang="ur" dir="rtl" class="nastaliq">' in later and "urdu-font.js" not in later
    english = client.get("/guide/").get_data(as_text=True)
    assert "nastaliq" not in english and "urdu-font.js" not in english


def test_the_nastaliq_family_applies_only_under_the_class_the_cookie_turns_on():
    css = CSS.read_text(encoding="utf-8")
    rules = [rule for rule in re.findall(r"([^{}]+)\{([^{}]*)\}", css) if '"Noto Nastaliq Urdu"' in rule[1]
             and "font-family" in rule[1] and "@font-face" not in rule[0]]
    assert [selector.strip().splitlines()[-1] for selector, _body in rules] == ["html.nastaliq:lang(ur) body"]
