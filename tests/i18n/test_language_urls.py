"""One URL per language: English at /..., Urdu at /ur/...; the choice remembered; the first visit by the browser."""
import re

from directory.extensions import db
from directory.models import User


def html_tag(body: bytes) -> str:
    return re.search(r"<html[^>]*>", body.decode()).group(0)


def test_urdu_pages_live_under_ur_and_read_right_to_left(seeded_client):
    english = seeded_client.get("/guide/")
    urdu = seeded_client.get("/ur/guide/")
    assert english.status_code == urdu.status_code == 200
    assert html_tag(english.data) == '<html lang="en" dir="ltr">'
    assert html_tag(urdu.data) == '<html lang="ur" dir="rtl">'
    assert "مساج گائیڈ".encode() in urdu.data and "مساج گائیڈ".encode() not in english.data


def test_links_on_an_urdu_page_stay_in_urdu_but_static_files_are_shared(seeded_client):
    body = seeded_client.get("/ur/guide/").data.decode()
    assert 'href="/ur/search/"' in body
    assert re.search(r'href="/static/css/site\.css\?v=\w+"', body)
    assert "/ur/static/" not in body


def test_both_languages_name_each_other_as_alternates(seeded_client):
    for path in ("/guide/", "/ur/guide/"):
        body = seeded_client.get(path).data.decode()
        assert '<link rel="alternate" hreflang="en" href="http://localhost/guide/">' in body
        assert '<link rel="alternate" hreflang="ur" href="http://localhost/ur/guide/">' in body
        assert '<link rel="alternate" hreflang="x-default" href="http://localhost/guide/">' in body


def test_the_header_offers_the_other_language_by_its_own_name(seeded_client):
    assert ">اردو</a>" in seeded_client.get("/guide/?x=1").data.decode()
    assert ">English</a>" in seeded_client.get("/ur/guide/").data.decode()


def test_first_visit_follows_accept_language(seeded_client):
    urdu_browser = seeded_client.get("/guide/?tab=a", headers={"Accept-Language": "ur-PK,ur;q=0.9,en;q=0.8"})
    assert urdu_browser.status_code == 302 and urdu_browser.headers["Location"] == "/ur/guide/?tab=a"
    assert "Accept-Language" in urdu_browser.headers["Vary"]
    english_browser = seeded_client.get("/guide/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert english_browser.status_code == 200
    crawler = seeded_client.get("/guide/")  # no Accept-Language: English, the x-default
    assert crawler.status_code == 200


def test_the_choice_is_remembered_and_beats_the_browser(seeded_client):
    chose = seeded_client.get("/language/en?next=/guide/%3Ftab%3Da")
    assert chose.status_code == 303 and chose.headers["Location"] == "/guide/?tab=a"
    assert seeded_client.get("/guide/", headers={"Accept-Language": "ur"}).status_code == 200
    seeded_client.get("/language/ur?next=/search/")
    assert seeded_client.get("/guide/").headers["Location"] == "/ur/guide/"
    # an Urdu URL is Urdu whatever the cookie says: one URL, one language
    seeded_client.get("/language/en?next=/")
    assert html_tag(seeded_client.get("/ur/guide/").data) == '<html lang="ur" dir="rtl">'


def test_no_redirect_for_api_static_or_posts(seeded_client):
    seeded_client.get("/language/ur?next=/")
    assert seeded_client.get("/api/v1/centers?near=Clifton").status_code == 200
    assert seeded_client.get("/static/css/site.css").status_code == 200
    assert seeded_client.get("/robots.txt").status_code == 200


def test_switching_refuses_unknown_languages_and_foreign_targets(seeded_client):
    assert seeded_client.get("/language/fr?next=/").status_code == 404
    away = seeded_client.get("/language/ur?next=//evil.example/x")
    assert away.status_code == 303 and away.headers["Location"] == "/ur/"


def test_a_member_s_choice_is_kept_on_the_account(client, factories, auth):
    member = factories.user(email="reader@example.com")
    auth.login_as(member)
    client.get("/language/ur?next=/")
    db.session.expire_all()
    assert db.session.get(User, member.id).language == "ur"
    client.delete_cookie("lang", domain="sukoon.test")
    assert client.get("/guide/").headers["Location"].endswith("/ur/guide/")
