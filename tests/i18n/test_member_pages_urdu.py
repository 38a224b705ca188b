"""Account, owner and admin pages in Urdu at /ur/: labels, form errors, service refusals, mail and the member's
language setting (the English pages keep their English, which the area tests assert)."""
import re

import pytest
from flask import g
from sqlalchemy import select

from directory.extensions import db
from directory.models import User

PASSWORD = "quiet garden lantern 42"
RTL = '<html lang="ur" dir="rtl">'


def html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


def urdu_page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    page = response.get_data(as_text=True)
    assert html_tag(page) == RTL
    return page


def mail_log(app) -> str:
    try:
        with open(app.config["MAIL_LOG_PATH"], encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        return ""


def language_of(user: User) -> str | None:
    return db.session.scalar(select(User.language).where(User.id == user.id))


@pytest.fixture(autouse=True)
def locale_per_request(app):
    """The test client's requests share the test's `g`, where Flask-Babel caches the locale: forget it between
    requests, as a server does, so one test can open an Urdu page and then an English one."""
    @app.before_request
    def forget_locale() -> None:
        g.pop("_flask_babel", None)


@pytest.fixture
def center(factories):
    service = factories.service(name="Swedish")
    return factories.center(name="Saba Spa", menu=[(service, 60, 4000)], hours={0: [("10:00", "20:00")]})


def test_account_pages_read_right_to_left_with_urdu_labels(client):
    register = urdu_page(client, "/ur/accounts/register")
    assert "اکاؤنٹ بنائیں" in register and "ای میل پتہ" in register and "پاس ورڈ دوبارہ لکھیں" in register
    assert "Create an account" not in register
    login = urdu_page(client, "/ur/accounts/login")
    assert "پاس ورڈ بھول گئے؟" in login and "اس ڈیوائس پر 30 دن تک سائن اِن رکھیں" in login
    assert 'action="/ur/accounts/login"' in login  # the form posts back to the Urdu page
    assert "مجھے ری سیٹ لنک بھیجیں" in urdu_page(client, "/ur/accounts/forgot")


def test_a_too_short_password_is_refused_in_the_pages_language(client):
    data = {"email": "new.person@example.com", "display_name": "New Person", "password": "short",
            "confirm": "short"}
    urdu = client.post("/ur/accounts/register", data=data).get_data(as_text=True)
    assert "کم از کم 8 حروف استعمال کریں۔" in urdu and "Use at least" not in urdu
    english = client.post("/accounts/register", data=data).get_data(as_text=True)
    assert "Use at least 8 characters." in english and "کم از کم" not in english


def test_wtforms_own_messages_follow_the_page_too(client):
    page = client.post("/ur/accounts/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "یہ خانہ ضروری ہے۔" in page and "This field is required." not in page
    assert "This field is required." in client.post("/accounts/login", data={"email": "", "password": ""}).get_data(
        as_text=True)


def test_a_wrong_password_at_login_is_refused_in_the_pages_language(client, factories):
    member = factories.user(password=PASSWORD)
    data = {"email": member.email, "password": "not the password at all"}
    urdu = client.post("/ur/accounts/login", data=data).get_data(as_text=True)
    assert "ای میل پتہ یا پاس ورڈ درست نہیں۔" in urdu and "not right" not in urdu
    english = client.post("/accounts/login", data=data).get_data(as_text=True)
    assert "The email address or password is not right." in english


def test_a_service_refusal_on_a_form_is_in_urdu(client, auth, factories):
    member = factories.user(password=PASSWORD)
    auth.login_as(member)
    data = {"current_password": "not my password at all", "password": "a brand new phrase 7",
            "confirm": "a brand new phrase 7"}
    urdu = client.post("/ur/accounts/password", data=data).get_data(as_text=True)
    assert "یہ آپ کا موجودہ پاس ورڈ نہیں ہے۔" in urdu and "not your current password" not in urdu
    english = client.post("/accounts/password", data=data).get_data(as_text=True)
    assert "That is not your current password." in english


def test_a_service_refusal_in_the_api_is_plain_json_in_either_language(client):
    english = client.get("/api/v1/centers?near=Qwzxplace")
    urdu = client.get("/ur/api/v1/centers?near=Qwzxplace")  # refused by the search service (a SearchError)
    assert english.status_code == urdu.status_code == 400
    assert english.json["error"] == {"status": 400, "field": "near",
                                     "message": "We could not find “Qwzxplace”. Try a neighbourhood or city."}
    assert urdu.json["error"] == {"status": 400, "field": "near",
                                  "message": "ہمیں “Qwzxplace” نہیں ملا۔ کوئی علاقہ یا شہر لکھ کر دیکھیں۔"}


def test_the_profile_offers_the_language_of_the_site_and_mail(client, auth, factories):
    member = factories.user(password=PASSWORD, display_name="Hina")
    auth.login_as(member)
    page = urdu_page(client, "/ur/accounts/me")
    assert "میرے ریویوز" in page and "ویب سائٹ اور ہماری ای میلز کی زبان" in page
    assert '<option selected value="ur">اردو</option>' in page  # no choice yet: the page's language
    response = client.post("/ur/accounts/language", data={"language": "en"})
    assert response.status_code == 303 and response.location == "/accounts/me"
    assert language_of(member) == "en"
    assert "the site and our emails to you are now in English" in client.get("/accounts/me").get_data(as_text=True)
    urdu = client.post("/accounts/language", data={"language": "ur"})
    assert urdu.location == "/ur/accounts/me" and language_of(member) == "ur"
    assert "lang=ur" in urdu.headers["Set-Cookie"]  # the site follows the choice on this device too


def test_the_language_setting_changes_only_the_signed_in_members_own_account(client, auth, factories):
    hina, other = factories.user(password=PASSWORD), factories.user(password=PASSWORD)
    auth.login_as(other)
    client.post("/accounts/language", data={"language": "ur", "user_id": hina.id, "id": hina.id})
    assert language_of(other) == "ur" and language_of(hina) is None


def test_the_language_setting_refuses_a_language_we_do_not_have(client, auth, factories):
    member = factories.user(password=PASSWORD)
    auth.login_as(member)
    response = client.post("/accounts/language", data={"language": "fr"})
    assert response.status_code == 400 and "Not a valid choice." in response.get_data(as_text=True)
    assert language_of(member) is None


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.post("/ur/accounts/language", data={"language": "ur"})
    assert response.status_code == 302 and "/accounts/login" in response.location


def test_mail_to_a_member_who_chose_urdu_is_in_urdu_with_urdu_links(app, client, factories):
    member = factories.user(password=PASSWORD, display_name="Hina", language="ur")
    client.post("/accounts/forgot", data={"email": member.email})  # sent from an English page
    mail = mail_log(app)
    assert "Subject: اپنا Sukoon پاس ورڈ ری سیٹ کریں" in mail or "پاس ورڈ ری سیٹ کریں" in mail
    assert "السلام علیکم Hina،" in mail and "Open this link" not in mail
    assert re.search(r"http://sukoon\.test/ur/accounts/reset/\S+", mail)


def test_mail_to_a_member_who_never_chose_is_in_english(app, client, factories):
    member = factories.user(password=PASSWORD, display_name="Hina")
    client.post("/ur/accounts/forgot", data={"email": member.email})  # sent from an Urdu page
    mail = mail_log(app)
    assert "Hello Hina," in mail and "Open this link within one hour" in mail and "السلام" not in mail
    assert re.search(r"http://sukoon\.test/accounts/reset/\S+", mail)


def test_registering_on_the_urdu_site_chooses_urdu_and_the_link_comes_in_urdu(app, client):
    client.post("/ur/accounts/register", data={"email": "ayesha@example.com", "display_name": "Ayesha",
                                               "password": PASSWORD, "confirm": PASSWORD})
    user = db.session.scalar(select(User).where(User.email == "ayesha@example.com"))
    assert user.language == "ur"
    mail = mail_log(app)
    assert "اپنا ای میل پتہ کنفرم کرنے کے لیے" in mail and re.search(r"http://sukoon\.test/ur/accounts/verify/\S+",
                                                                       mail)


def test_owner_dashboard_and_listing_forms_in_urdu(client, auth, factories, center):
    owner = factories.manager(center, factories.user(role="owner", password=PASSWORD))
    auth.login_as(owner)
    dashboard = urdu_page(client, "/ur/manage/")
    assert "Saba Spa" in dashboard and "میرے سینٹر" in dashboard
    details = urdu_page(client, f"/ur/manage/centers/{center.slug}/details")
    assert "گلی کا پتہ" in details and "سینٹر کن کو سروس دیتا ہے" in details and "تفصیلات محفوظ کریں" in details
    assert "کارڈ سے ادائیگی" in details  # the amenity choices too
    hours = urdu_page(client, f"/ur/manage/centers/{center.slug}/hours")
    assert "پیر" in hours and "سارا دن بند" in hours
    menu = urdu_page(client, f"/ur/manage/centers/{center.slug}/menu")
    assert "مینو میں شامل کریں" in menu


def test_a_listing_edit_error_is_in_urdu(client, auth, factories, center):
    owner = factories.manager(center, factories.user(role="owner", password=PASSWORD))
    auth.login_as(owner)
    page = client.post(f"/ur/manage/centers/{center.slug}/details", data={
        "name": "", "kind": "day_spa", "address": "12 Sea View Road", "city": "Karachi", "gender_policy": "mixed",
        "version": center.version}).get_data(as_text=True)
    assert "سینٹر کا نام لکھیں۔" in page and "Enter the center" not in page


def test_admin_queues_in_urdu(client, auth, factories):
    auth.login_as(factories.user(role="admin", password=PASSWORD))
    queue = urdu_page(client, "/ur/admin/moderation")
    assert "ماڈریشن" in queue and "آڈٹ لاگ" in queue
    home = urdu_page(client, "/ur/admin/")
    assert "نئی لسٹنگز" in home and "تصدیق کی منتظر اسناد" in home
    assert "جائزے کے منتظر دعوے" in urdu_page(client, "/ur/admin/claims")
