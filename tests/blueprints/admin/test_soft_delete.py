"""A deleted listing vanishes from search and public pages, keeps its reviews, and an admin can restore it."""
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import AuditEntry, Review

from ...sitemaps import sitemap_text


def visible_everywhere(client, center) -> list[bool]:
    return [client.get(f"/centers/{center.slug}").status_code == 200,
            center.slug in client.get("/search/?lat=24.8138&lng=67.03&radius_km=5").get_data(as_text=True),
            any(item["slug"] == center.slug
                for item in client.get("/api/v1/centers?lat=24.8138&lng=67.03&radius_km=5").json["items"]),
            client.get(f"/api/v1/centers/{center.slug}").status_code == 200,
            f"/centers/{center.slug}<" in sitemap_text(client)]



def test_delete_hides_everywhere_keeps_reviews_and_restore_brings_it_back(client, auth, factories):
    center = factories.center(name="Serenity Test Spa", slug="serenity-test-spa")
    factories.review(center, rating=5)
    factories.review(center, rating=2)
    assert visible_everywhere(client, center) == [True] * 5
    auth.login_as(factories.user(role="admin"))
    page = client.get(f"/centers/{center.slug}").get_data(as_text=True)
    assert "Delete listing" in page
    client.post(f"/admin/centers/{center.slug}/delete", data={"note": "Closed permanently"})
    auth.logout()
    assert visible_everywhere(client, center) == [False] * 5
    assert db.session.scalar(select(func.count(Review.id)).where(Review.center_id == center.id)) == 2
    auth.login_as(factories.user(role="admin"))
    assert "Serenity Test Spa" in client.get("/admin/centers/deleted").get_data(as_text=True)
    client.post(f"/admin/centers/{center.slug}/restore", data={"note": "Reopened"})
    auth.logout()
    assert visible_everywhere(client, center) == [True] * 5
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["center.delete", "center.restore"]


def test_delete_needs_a_reason(client, auth, factories):
    center = factories.center()
    auth.login_as(factories.user(role="admin"))
    client.post(f"/admin/centers/{center.slug}/delete", data={"note": ""})
    assert client.get(f"/centers/{center.slug}").status_code == 200


def test_members_and_owners_see_no_admin_tools(client, auth, factories):
    center = factories.center()
    auth.login_as(factories.manager(center))
    assert "Delete listing" not in client.get(f"/centers/{center.slug}").get_data(as_text=True)
    assert client.get("/admin/centers/deleted").status_code == 403
