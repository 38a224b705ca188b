"""Mail preferences in the account settings: each member chooses their own kinds; the choice stops the mail."""
from sqlalchemy import select

from directory.extensions import db
from directory.models import MailOptOut, OutboxMail
from directory.services.notifications.queue import queue_mail


def test_a_member_turns_a_kind_off_and_that_mail_is_no_longer_queued(client, auth, factories):
    member = factories.user()
    auth.login_as(member)
    page = client.get("/accounts/notifications").get_data(as_text=True)
    assert page.count('type="checkbox"') == 6 and page.count("checked") == 6  # everything on at first
    wanted = ["booking_updates", "booking_requests", "claim_decisions", "new_reviews", "change_reports"]
    assert client.post("/accounts/notifications", data={"wanted": wanted}).status_code == 302
    assert client.get("/accounts/notifications").get_data(as_text=True).count("checked") == 5
    assert queue_mail(db.session, "reply_new", "review_replies", member.email, {}, user=member) is None
    assert queue_mail(db.session, "review_new", "new_reviews", member.email, {}, user=member) is not None


def test_one_members_choice_does_not_touch_anothers(client, auth, factories):
    first, second = factories.user(), factories.user()
    auth.login_as(first)
    client.post("/accounts/notifications", data={"wanted": []})
    assert db.session.scalars(select(MailOptOut.user_id).distinct()).all() == [first.id]
    auth.login_as(second)
    assert client.get("/accounts/notifications").get_data(as_text=True).count("checked") == 6


def test_an_unknown_kind_is_a_form_error_not_a_500(client, auth, factories):
    auth.login_as(factories.user())
    response = client.post("/accounts/notifications", data={"wanted": ["everything"]})
    assert response.status_code == 422
    assert db.session.scalar(select(MailOptOut)) is None and db.session.scalar(select(OutboxMail)) is None


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/accounts/notifications")
    assert response.status_code == 302 and "/accounts/login" in response.location


def test_the_profile_links_to_the_preferences_and_the_page_speaks_urdu(client, auth, factories):
    auth.login_as(factories.user())
    page = client.get("/ur/accounts/notifications").get_data(as_text=True)
    assert "Sukoon کی ای میلز" in page and "میری پسند محفوظ کریں" in page
    assert "/ur/accounts/notifications" in client.get("/ur/accounts/me").get_data(as_text=True)
