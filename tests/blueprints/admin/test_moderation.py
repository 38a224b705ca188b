"""Moderation pages: admins only; flag -> queue -> hide with a note -> gone from the page -> restore; audited."""
import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import AuditEntry, Review

from ...reviewing import BODY, sign_in

ADMIN_GETS = ["/admin/moderation", "/admin/audit"]


def admin_posts(review_id: int) -> list[str]:
    return [f"/admin/reviews/{review_id}/{action}" for action in ("hide", "restore", "dismiss-flags")]


def test_anonymous_is_sent_to_log_in(client, factories):
    review = factories.review(factories.center())
    for url in ADMIN_GETS:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response.location
    for url in admin_posts(review.id):
        response = client.post(url, data={"note": "Not allowed"})
        assert response.status_code == 302 and "/accounts/login" in response.location


@pytest.mark.parametrize("who", ["member", "unverified", "owner_of_this_center", "owner_of_another_center"])
def test_members_and_owners_get_403(client, auth, factories, who):
    center = factories.center()
    review = factories.review(center, title="Still here")
    user = {"member": factories.user, "unverified": lambda: factories.user(verified=False),
            "owner_of_this_center": lambda: factories.manager(center),
            "owner_of_another_center": lambda: factories.manager(factories.center())}[who]()
    sign_in(auth, user)
    for url in ADMIN_GETS:
        assert client.get(url).status_code == 403
    for url in admin_posts(review.id):
        assert client.post(url, data={"note": "Owner wants it gone"}).status_code == 403
    db.session.refresh(review)
    assert review.status == "published"
    assert db.session.scalar(select(AuditEntry)) is None


def test_flag_then_hide_then_restore(client, auth, factories):
    center = factories.center()
    factories.review(center, rating=5, title="Honest praise")
    fake = factories.review(center, rating=1, title="Fake complaint", body=BODY)
    sign_in(auth, factories.user())
    client.post(f"/reviews/{fake.id}/flag", data={"reason": "fake", "note": "Written by a competitor"})

    admin = factories.user(role="admin", display_name="Moderator Mo")
    sign_in(auth, admin)
    queue = client.get("/admin/moderation").get_data(as_text=True)
    assert "Fake complaint" in queue and "1 report:" in queue and "Looks fake or paid for (1)" in queue
    assert "Written by a competitor" in queue and "Honest praise" not in queue

    client.post(f"/admin/reviews/{fake.id}/hide", data={"note": "Competitor's review"})
    page = client.get(f"/centers/{center.slug}").get_data(as_text=True)
    assert "Fake complaint" not in page and "5.0" in page and "(1 review)" in page
    assert "Fake complaint" not in client.get("/admin/moderation").get_data(as_text=True).split("Recently hidden")[0]

    client.post(f"/admin/reviews/{fake.id}/restore", data={"note": "Appeal upheld"})
    page = client.get(f"/centers/{center.slug}").get_data(as_text=True)
    assert "Fake complaint" in page and "3.0" in page

    audit = client.get("/admin/audit").get_data(as_text=True)
    assert "review.hidden" in audit and "review.restored" in audit and "Moderator Mo" in audit
    assert "Competitor&#39;s review" in audit


def test_hide_without_a_note_changes_nothing(client, auth, factories):
    review = factories.review(factories.center())
    sign_in(auth, factories.user(role="admin"))
    response = client.post(f"/admin/reviews/{review.id}/hide", data={"note": ""}, follow_redirects=True)
    assert "Write a note saying why" in response.get_data(as_text=True)
    db.session.refresh(review)
    assert review.status == "published"
    assert db.session.scalar(select(AuditEntry)) is None


def test_held_reviews_are_listed_with_their_reason_and_can_be_published(client, auth, factories):
    center = factories.center()
    held = factories.review(center, status="held", title="Waiting", moderation_note="Held: 6 new reviews")
    sign_in(auth, factories.user(role="admin"))
    queue = client.get("/admin/moderation").get_data(as_text=True)
    assert "Waiting" in queue and "Held: 6 new reviews" in queue
    client.post(f"/admin/reviews/{held.id}/restore", data={})
    assert db.session.get(Review, held.id).status == "published"
    assert "Waiting" in client.get(f"/centers/{center.slug}").get_data(as_text=True)


def test_dismissing_reports_keeps_the_review(client, auth, factories):
    review = factories.review(factories.center(), title="Blunt but fair")
    sign_in(auth, factories.user())
    client.post(f"/reviews/{review.id}/flag", data={"reason": "offensive"})
    sign_in(auth, factories.user(role="admin"))
    client.post(f"/admin/reviews/{review.id}/dismiss-flags", data={"note": "Fair criticism"})
    assert "Blunt but fair" not in client.get("/admin/moderation").get_data(as_text=True)
    assert db.session.get(Review, review.id).status == "published"
    assert db.session.scalar(select(AuditEntry.action)) == "flags.dismissed"


def test_unknown_review_is_404_for_admins(client, auth, factories):
    sign_in(auth, factories.user(role="admin"))
    assert client.post("/admin/reviews/999/hide", data={"note": "Gone"}).status_code == 404
