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


def test_urdu_pages_preload_the_font_and_english_pages_do_not(app):
    client = app.test_client()
    (path, version), = FONT_URL.findall(CSS.read_text(encoding="utf-8"))
    preload = f'<link rel="preload" href="/static/{path}?v={version}" as="font" type="font/woff2" crossorigin>'
    assert preload in client.get("/ur/guide/").get_data(as_text=True)
    assert 'rel="preload"' not in client.get("/guide/").get_data(as_text=True)
