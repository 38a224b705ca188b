"""The center overview shows booking requests per week; the dashboard counts new requests to answer."""
from datetime import date, timedelta

from directory.extensions import db
from directory.models import BookingRequest
from directory.models.base import utcnow


def add(center, reference: str, status: str) -> None:
    db.session.add(BookingRequest(
        reference=reference, token=reference.lower().ljust(43, "x"), center_id=center.id, item_label="Swedish",
        requested_on=date(2030, 1, 5), windows=["15:00-16:00"], name="A", mobile="+923001234567", status=status,
        created_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()


def test_the_overview_counts_this_weeks_requests_and_the_dashboard_the_new_ones(client, auth, factories):
    center = factories.center()
    for n, status in enumerate(["new", "new", "confirmed", "completed", "no_show"]):
        add(center, f"SK-IN{n}", status)
    auth.login_as(factories.manager(center))
    page = client.get(f"/manage/centers/{center.slug}").get_data(as_text=True)
    section = page.split('id="booking-insights-title"')[1]
    this_week = section.split("<tbody>")[1].split("</tr>")[0]
    assert [cell.split(">")[1].split("<")[0] for cell in this_week.split('<td class="num"')[1:]] == ["5", "3", "1", "1"]
    dashboard = client.get("/manage/").get_data(as_text=True)
    assert "2 booking requests to answer" in dashboard and f"/manage/centers/{center.slug}/bookings" in dashboard


def test_another_centers_manager_does_not_see_the_figures(client, auth, factories):
    center = factories.center()
    add(center, "SK-SECR", "new")
    auth.login_as(factories.manager(factories.center()))
    assert client.get(f"/manage/centers/{center.slug}").status_code == 404


def test_the_booking_figures_in_urdu(client, auth, factories):
    center = factories.center()
    auth.login_as(factories.manager(center))
    page = client.get(f"/ur/manage/centers/{center.slug}").get_data(as_text=True)
    assert "بکنگ کی درخواستیں، پچھلے 8 ہفتے" in page and "موصول درخواستیں" in page
