"""The owner dashboard, one center's overview with insights, and the counters behind it (views, search, contacts)."""
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from directory import insights_buffer
from directory.extensions import db
from directory.models import CenterWeeklyStats, ChangeReport, ReviewReply
from directory.models.base import utcnow

from ...reviewing import sign_in

BROWSER = {"User-Agent": "Mozilla/5.0 (Linux; Android 14) Chrome/125 Mobile"}


@pytest.fixture
def counting(app):
    """Counts written at once, as a test wants them."""
    app.config["INSIGHTS_FLUSH_SECONDS"] = 0
    return app


def week_counts(center) -> tuple[int, int, int]:
    db.session.rollback()
    row = db.session.get(CenterWeeklyStats, (center.id, insights_buffer.this_week()))
    return (row.page_views, row.search_appearances, row.contact_clicks) if row else (0, 0, 0)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_log_in(client, factories):
    center = factories.center()
    for url in ("/manage/", f"/manage/centers/{center.slug}"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response.location


def test_a_member_without_centers_is_shown_how_to_get_one(client, auth, factories):
    sign_in(auth, factories.user())
    html = page(client, "/manage/")
    assert "You do not manage a center yet" in html and "Claim this listing" in html
    assert "/manage/centers/new" in html  # add a listing (when that page exists)
    assert ">My centers</a>" not in page(client, "/")  # the header link is for people who manage a center


def test_an_owner_sees_each_center_with_its_status(client, auth, factories):
    live = factories.center(name="Live Spa", rating_count=2, rating_sum=9, rating_4=1, rating_5=1,
                            confirmed_at=utcnow())
    waiting = factories.center(name="Waiting Spa", status="pending")
    stopped = factories.center(name="Stopped Spa", status="suspended", status_reason="Licence lapsed")
    owner = factories.manager(live)
    factories.manager(waiting, owner)
    factories.manager(stopped, owner)
    factories.center(name="Someone Else's Spa")
    sign_in(auth, owner)
    html = page(client, "/manage/")
    assert ">My centers</a>" in html
    assert "Live Spa" in html and "Published" in html and "4.5 from 2 reviews" in html
    assert "Waiting Spa" in html and "Pending review" in html and "Waiting for an administrator" in html
    assert "Stopped Spa" in html and "Suspended: Licence lapsed" in html
    assert "Someone Else" not in html
    assert f'href="/manage/centers/{live.slug}"' in html


def test_attention_items_appear_and_go_away(client, auth, factories):
    center = factories.center(confirmed_at=utcnow() - timedelta(days=120))
    owner = factories.manager(center)
    therapist = factories.therapist(center)
    today = date.today()
    pending = factories.credential(therapist)
    expiring = factories.credential(therapist, status="verified", valid_until=today + timedelta(days=10))
    factories.credential(therapist, status="verified", valid_until=today + timedelta(days=200))  # fine
    expired = factories.credential(therapist, status="verified", valid_until=today - timedelta(days=3))
    rejected = factories.credential(therapist, status="rejected", rejection_reason="Illegible scan")
    review = factories.review(center)
    factories.review(center)
    factories.review(center, status="hidden")  # not public: nothing to answer
    db.session.add(ChangeReport(center_id=center.id, kind="phone", details="The number is wrong now."))
    db.session.commit()
    sign_in(auth, owner)
    html = page(client, "/manage/")
    for text in ("1 credential waiting for verification", "1 credential expiring within 30 days",
                 "1 credential expired", "1 credential rejected", "2 reviews without a reply",
                 "1 reported change to accept or dismiss", "not confirmed for over 90 days"):
        assert text in html, text
    assert f'href="/manage/centers/{center.slug}/reports"' in html
    assert f'href="/centers/{center.slug}/reviews"' in html

    for credential in (pending, expiring, expired, rejected):
        db.session.delete(credential)
    db.session.add(ReviewReply(review_id=review.id, author_id=owner.id, body="Thank you for visiting."))
    db.session.execute(ChangeReport.__table__.update().values(status="dismissed"))
    center.confirmed_at = utcnow()
    db.session.commit()
    html = page(client, "/manage/")
    assert "1 review without a reply" in html
    for text in ("credential", "reported change", "not confirmed"):
        assert text not in html.split("My centers</h1>")[1], text


def test_the_dashboard_runs_the_same_queries_for_one_center_or_many(app, client, auth, factories):
    owner = factories.manager(factories.center())
    sign_in(auth, owner)
    statements: list[str] = []

    def count(*args) -> None:
        statements.append(args[2])

    client.get("/manage/")  # warm up
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        db.session.expire_all()  # both measurements load the signed-in user the same way
        client.get("/manage/")
        one = len(statements)
        for _ in range(4):
            center = factories.center()
            factories.manager(center, owner)
            factories.review(center)
            factories.credential(factories.therapist(center))
        statements.clear()
        db.session.expire_all()
        html = client.get("/manage/").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert html.count("1 review without a reply") == 4
    assert len(statements) == one


def test_an_admin_sees_the_centers_they_manage_and_a_link_to_the_admin_home(client, auth, factories):
    admin = factories.user(role="admin")
    factories.manager(factories.center(name="Admin Run Spa"), admin)
    factories.center(name="Not Managed Spa")
    sign_in(auth, admin)
    html = page(client, "/manage/")
    assert "Admin Run Spa" in html and "Not Managed Spa" not in html and "admin home" in html


def test_the_center_overview_shows_attention_and_eight_weeks_of_insights(client, auth, factories):
    center = factories.center(name="Overview Spa")
    owner = factories.manager(center)
    this_week = insights_buffer.this_week()
    db.session.add_all([
        CenterWeeklyStats(center_id=center.id, week_start=this_week, page_views=12, search_appearances=40,
                          contact_clicks=3),
        CenterWeeklyStats(center_id=center.id, week_start=this_week - timedelta(weeks=1), page_views=9,
                          search_appearances=50, contact_clicks=3),
    ])
    db.session.add(ChangeReport(center_id=center.id, kind="hours", details="They close at 9 pm now."))
    db.session.commit()
    sign_in(auth, owner)
    html = page(client, f"/manage/centers/{center.slug}")
    assert "<h1>Overview Spa</h1>" in html and 'aria-current="page">Overview</a>' in html
    assert "1 reported change to accept or dismiss" in html
    assert "Insights, last 8 weeks" in html and html.count("<tr>") >= 9
    assert ">12 " in html and "+3" in html and "-10" in html and "±0" in html
    assert ('Total</th><td class="num" data-label="Page views">21</td>'
            '<td class="num" data-label="Search appearances">90</td>'
            '<td class="num" data-label="Contact clicks">6</td>') in html
    assert "Confirm it's current" in html and f'action="/manage/centers/{center.slug}/confirm"' in html
    assert f'name="confirm-version" type="hidden" value="{center.version}"' in html


def test_another_owner_gets_404_on_every_manage_page(client, auth, factories):
    center = factories.center()
    factories.manager(center)
    report = ChangeReport(center_id=center.id, kind="phone", details="The number is wrong now.")
    db.session.add(report)
    db.session.commit()
    sign_in(auth, factories.manager(factories.center()))
    for url in (f"/manage/centers/{center.slug}", f"/manage/centers/{center.slug}/reports"):
        assert client.get(url).status_code == 404
    for action in ("accept", "dismiss"):
        assert client.post(f"/manage/centers/{center.slug}/reports/{report.id}/{action}").status_code == 404
    assert client.get("/manage/centers/no-such-center").status_code == 404


def test_page_views_count_people_not_bots_managers_or_admins(counting, client, auth, factories):
    center = factories.center()
    url = f"/centers/{center.slug}"
    client.get(url, headers=BROWSER)
    client.get(url, headers=BROWSER)
    client.get(url, headers={"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"})
    client.head(url, headers=BROWSER)
    assert week_counts(center) == (2, 0, 0)
    sign_in(auth, factories.manager(center))
    client.get(url, headers=BROWSER)
    sign_in(auth, factories.user(role="admin"))
    client.get(url, headers=BROWSER)
    sign_in(auth, factories.user())
    client.get(url, headers=BROWSER)
    assert week_counts(center) == (3, 0, 0)


def test_search_appearances_count_the_centers_on_the_page(counting, client, factories):
    shown = factories.center(name="Appearing Spa")
    other = factories.center(name="Second Spa")
    page(client, "/search/?sort=rating")
    assert week_counts(shown) == (0, 1, 0) and week_counts(other) == (0, 1, 0)
    response = client.get("/api/v1/centers?sort=rating", headers=BROWSER)
    assert response.status_code == 200 and len(response.get_json()["items"]) == 2
    assert week_counts(shown) == (0, 2, 0)


@pytest.mark.parametrize("channel, target", [
    ("phone", "tel:+922135830000"), ("whatsapp", "https://wa.me/923001234567"),
    ("website", "https://contact-spa.example/book"),
])
def test_contact_links_count_and_go_to_the_centers_own_number(counting, client, factories, channel, target):
    center = factories.center(website="https://contact-spa.example/book")
    html = page(client, f"/centers/{center.slug}")
    link = f'href="/centers/{center.slug}/contact/{channel}" rel="nofollow'
    assert link in html
    response = client.get(f"/centers/{center.slug}/contact/{channel}?to=https://evil.example&url=//evil.example",
                          headers=BROWSER)
    assert response.status_code == 302 and response.location == target
    assert "evil" not in response.location
    assert week_counts(center)[2] == 1


def test_contact_links_that_lead_nowhere_are_404(client, factories):
    bare = factories.center(phone=None, whatsapp="", website="javascript:alert(1)")
    hidden = factories.center(status="pending")
    for url in (f"/centers/{bare.slug}/contact/phone", f"/centers/{bare.slug}/contact/whatsapp",
                f"/centers/{bare.slug}/contact/website", f"/centers/{bare.slug}/contact/email",
                f"/centers/{bare.slug}/contact/https:evil.example", f"/centers/{hidden.slug}/contact/phone",
                "/centers/no-such-center/contact/phone"):
        assert client.get(url).status_code == 404, url


def test_robots_keep_crawlers_off_the_contact_links(client):
    assert "Disallow: /centers/*/contact/" in client.get("/robots.txt").get_data(as_text=True)


def test_the_report_a_change_link_sits_by_the_confirmation_line(client, factories):
    center = factories.center()
    html = page(client, f"/centers/{center.slug}")
    assert f'href="/centers/{center.slug}/report"' in html
    assert html.index("has not confirmed this listing") < html.index("Report a change")


def test_reports_are_listed_for_the_owner_with_links_to_fix_them(client, auth, factories):
    center = factories.center()
    owner = factories.manager(center)
    db.session.add(ChangeReport(center_id=center.id, kind="prices", details="Swedish massage is PKR 6,000 now."))
    db.session.commit()
    sign_in(auth, owner)
    html = page(client, f"/manage/centers/{center.slug}/reports")
    assert "Prices or services changed" in html and "Swedish massage is PKR 6,000 now." in html
    assert f"/manage/centers/{center.slug}/menu" in html  # where prices are fixed
    assert db.session.scalar(select(ChangeReport.status)) == "open"


def test_the_overview_confirm_button_confirms_the_listing(client, auth, factories):
    center = factories.center()
    sign_in(auth, factories.manager(center))
    assert "Listing never confirmed" in page(client, "/manage/")
    html = page(client, f"/manage/centers/{center.slug}")
    data = {name: html.split(f'name="{name}" type="hidden" value="')[1].split('"')[0]
            for name in ("confirm-version", "confirm-back")}
    assert client.post(f"/manage/centers/{center.slug}/confirm", data=data).status_code == 302
    db.session.refresh(center)
    assert center.confirmed_at is not None
    assert "confirmed" not in page(client, "/manage/").split("My centers</h1>")[1]
