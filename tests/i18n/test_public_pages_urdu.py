"""Every public page in Urdu at /ur/...: right to left, its words in Urdu, prices as "2,500 روپے"; English unchanged."""
import re

import pytest

from directory.extensions import db
from tests.blueprints.account_steps import PASSWORD, login

ALL_DAY = {day: [("00:00", "00:00")] for day in range(7)}
RTL = '<html lang="ur" dir="rtl">'
LTR = '<html lang="en" dir="ltr">'


def page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, path
    return response.get_data(as_text=True)


@pytest.fixture
def center(factories):
    swedish = factories.service(name="Swedish", slug="swedish")
    spa = factories.center(name="The Royal Spa", slug="royal-spa", menu=[(swedish, 60, 4500)], hours=ALL_DAY,
                           amenities=["parking"], description="A quiet spa by the sea.")
    factories.therapist(spa, name="Ayesha Khan", gender="female", years_practice=7)
    return spa


# (path, Urdu the page must show, English the English page shows instead)
SEEDED_PAGES = [
    ("/", "اپنے قریب اچھا مساج تلاش کریں", "Find a good massage near you"),
    ("/search/?near=Clifton", "کلومیٹر کے اندر", "km of Clifton"),
    ("/guide/", "کب پہلے ڈاکٹر سے پوچھیں", "When to ask a doctor first"),
    ("/guide/swedish", "احتیاطیں", "Cautions"),
    ("/guide/conditions/sciatica", "پہلے ڈاکٹر کو دکھائیں اگر…", "See a doctor first if…"),
    ("/guide/conditions/", "اپنی ضرورت کے حساب سے مساج تلاش کریں", "Find massage by what you need"),
    ("/guide/choosing-a-therapist", "تھراپسٹ کیسے چُنیں", "How to choose a therapist"),
    ("/therapists/", "تھراپسٹ تلاش کریں", "Find a therapist"),
    ("/how-reviews-work", "ریویو کون لکھ سکتا ہے", "Who can write a review"),
    ("/badges", "تصدیق شدہ لائسنس", "Verified licence"),
]


@pytest.mark.parametrize(("path", "urdu", "english"), SEEDED_PAGES)
def test_each_public_page_reads_right_to_left_in_urdu_and_stays_english_at_its_english_url(
        seeded_client, path, urdu, english):
    body = page(seeded_client, "/ur" + path)
    assert RTL in body and urdu in body and english not in body
    english_body = page(seeded_client, path)
    assert LTR in english_body and english in english_body and urdu not in english_body


def test_search_results_in_urdu_give_prices_in_rupees_and_counts_in_urdu(seeded_client):
    body = page(seeded_client, "/ur/search/?near=Clifton")
    assert re.search(r"<strong>[\d,]+ روپے</strong>", body)  # "from PKR 2,500" becomes "2,500 روپے"
    assert re.search(r"کلفٹن|Clifton", body) and re.search(r"\d+ سینٹرز?", body)
    assert "PKR" not in re.sub(r"\(PKR\)|\(روپے\)", "", body.split("</form>", 1)[1])
    english = page(seeded_client, "/search/?near=Clifton")
    assert re.search(r"from <strong>PKR [\d,]+</strong> per 60 min", english)


def test_the_scripts_get_their_words_from_the_page_in_its_language(seeded_client):
    body = page(seeded_client, "/ur/search/?near=Clifton")
    assert 'data-show-map="نقشہ دکھائیں"' in body and 'data-busy="آپ کا مقام معلوم کیا جا رہا ہے…"' in body
    assert 'data-show-map="Show map"' in page(seeded_client, "/search/?near=Clifton")


def test_guide_texts_from_the_seed_files_go_through_the_catalog(seeded_client):
    """The seed texts are shown through gettext: whatever the catalog says for them is what the page shows."""
    from directory.models import Service
    with seeded_client.application.app_context():
        swedish = db.session.scalar(db.select(Service).filter_by(slug="swedish"))
        summary = swedish.summary
    from flask_babel import force_locale, gettext
    with seeded_client.application.test_request_context("/"), force_locale("ur"):
        expected = gettext(summary)
    body = page(seeded_client, "/ur/guide/swedish")
    assert expected.replace("'", "&#39;").replace('"', "&#34;") in body


def test_center_page_in_urdu(client, center):
    body = page(client, f"/ur/centers/{center.slug}")
    assert RTL in body
    assert body.count("بکنگ کی درخواست کریں") == 2  # the side panel and the menu line
    assert "<bdi>4,500 روپے</bdi>" in body and "PKR" not in body
    assert "مینو اور قیمتیں" in body and "کھلنے کے اوقات" in body and "پارکنگ" in body and "ڈے اسپا" in body
    assert "پیر" in body  # the weekday names of the hours table (Monday)
    assert "7 سال کا تجربہ" in body
    assert "ابھی کھلا ہے" in body or "24 گھنٹے کھلا" in body
    assert f'href="/ur/centers/{center.slug}/book"' in body  # links stay in Urdu
    english = page(client, f"/centers/{center.slug}")
    assert english.count("Request a booking") == 2 and "PKR 4,500" in english and "Monday" in english
    assert "7 years of practice" in english and "روپے" not in english


def test_booking_request_page_in_urdu(client, center):
    body = page(client, f"/ur/centers/{center.slug}/book")
    assert RTL in body and "<h1>بکنگ کی درخواست کریں</h1>" in body and "درخواست بھیجیں" in body
    assert "Swedish · 60 منٹ · 4,500 روپے" in body  # the menu line; the treatment's own name is not translated
    assert "آج " in body  # "Today is ..." as a hint under the date
    refused = client.post(f"/ur/centers/{center.slug}/book", data={"menu_item_id": str(center.menu[0].id)})
    assert refused.status_code == 422
    assert "اپنا نام دیں۔" in refused.get_data(as_text=True)  # the validator's message, in Urdu
    assert "Swedish · 60 min · Rs 4,500" in page(client, f"/centers/{center.slug}/book")


def test_review_form_in_urdu(client, auth, factories, center):
    auth.login_as(factories.user())
    body = page(client, f"/ur/centers/{center.slug}/reviews/new")
    assert RTL in body and "اپنا ریویو پوسٹ کریں" in body and ">عنوان</label>" in body
    assert "<legend>مجموعی ریٹنگ</legend>" in body and "5 ستارے: بہترین" in body
    assert 'data-count="%(used)s / %(max)s حروف"' in body  # the character counter's words, for the script
    english = page(client, f"/centers/{center.slug}/reviews/new")
    assert "Post your review" in english and "<legend>Overall rating</legend>" in english


def test_a_flash_message_and_form_errors_come_in_the_language_of_the_page(client, center):
    refused = client.post(f"/ur/centers/{center.slug}/report", data={})
    assert "چُنیں کہ کیا غلط ہے۔" in refused.get_data(as_text=True)
    sent = client.post(f"/ur/centers/{center.slug}/report",
                       data={"kind": "phone", "details": "The number is now 0300 7654321."})
    assert sent.status_code == 302 and sent.location == f"/ur/centers/{center.slug}"
    assert "شکریہ۔ آپ کی درستی" in page(client, sent.location)


def test_not_found_page_in_urdu(client):
    body = page(client, "/ur/centers/no-such-center", status=404)
    assert RTL in body and "ہمیں یہ صفحہ نہیں ملا" in body and 'href="/ur/search/"' in body
    assert "We could not find that page" in page(client, "/centers/no-such-center", status=404)


def test_logging_in_from_an_urdu_page_comes_back_to_the_urdu_page(client, factories, center):
    factories.user(email="hina@example.com", password=PASSWORD)
    body = page(client, f"/ur/centers/{center.slug}")
    link = re.search(r'href="(/ur/accounts/login\?next=[^"]+)"', body)[1]
    assert link == f"/ur/accounts/login?next=/ur/centers/{center.slug}"
    response = login(client, "hina@example.com", next_=f"/ur/centers/{center.slug}")
    assert response.status_code == 302 and response.location == f"/ur/centers/{center.slug}"


def test_an_english_login_link_keeps_the_english_page(client, center):
    assert f'href="/accounts/login?next=/centers/{center.slug}"' in page(client, f"/centers/{center.slug}")


def test_credential_badges_in_urdu_with_their_dates(client, factories, center):
    from datetime import date, datetime
    person = center.therapists[0]
    factories.credential(person, kind="certification", issuer="CIDESCO", status="verified",
                         verification_method="issuer_lookup", verified_at=datetime(2026, 3, 2, 10, 0),
                         valid_until=date(2099, 1, 31))
    body = page(client, f"/ur/therapists/{person.id}-ayesha-khan")
    assert "تصدیق شدہ سرٹیفکیشن: CIDESCO" in body
    assert "سکون نے CIDESCO کی جاری کردہ اس سرٹیفکیشن کی جانچ کر لی ہے۔" in body
    assert "طریقہ: جاری کرنے والے ادارے سے جانچ۔" in body and "جانچ کی تاریخ: 2 مارچ 2026۔" in body
    english = page(client, f"/therapists/{person.id}-ayesha-khan")
    assert "Verified certification: CIDESCO" in english
    assert ("Sukoon checked this certification from CIDESCO (checked with the issuing body) on 2 Mar 2026; "
            "valid until 31 Jan 2099.") in english


def test_a_place_we_do_not_know_is_said_in_urdu_and_in_english(seeded_client):
    body = page(seeded_client, "/ur/search/?near=Qwzxplace")
    assert "ہمیں “Qwzxplace” نہیں ملا۔ کوئی علاقہ یا شہر لکھ کر دیکھیں۔" in body
    english = page(seeded_client, "/search/?near=Qwzxplace")
    assert "We could not find “Qwzxplace”. Try a neighbourhood or city." in english
    api = seeded_client.get("/api/v1/centers?near=Qwzxplace")  # the API answers in English at its English address
    assert api.status_code == 400 and api.get_json()["error"]["message"].startswith("We could not find “Qwzxplace”")


def test_the_urdu_name_beside_a_condition_is_for_english_readers_only(seeded_client):
    english = page(seeded_client, "/guide/conditions/sciatica")
    urdu = page(seeded_client, "/ur/guide/conditions/sciatica")
    assert 'class="name-ur" lang="ur"' in english and 'class="name-ur"' not in urdu
