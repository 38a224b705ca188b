"""The admin's view of the mail outbox: counts per status and the rows retrying or given up; admins only."""
from directory.extensions import db
from directory.models import OutboxMail


def add(status: str, attempts: int, error: str = "") -> None:
    db.session.add(OutboxMail(template="booking_sent", kind="booking_updates", to_address=f"{status}@example.com",
                              payload={}, status=status, attempts=attempts, last_error=error))
    db.session.commit()


def test_an_admin_sees_the_counts_and_the_failing_rows(client, auth, factories):
    add("sent", 1)
    add("queued", 3, "SMTP delivery to mail.example failed: ConnectionRefusedError")
    add("failed", 10, "SMTP delivery to mail.example failed: TimeoutError")
    add("queued", 0)
    auth.login_as(factories.user(role="admin"))
    assert "/admin/mail" in client.get("/admin/").get_data(as_text=True)
    page = client.get("/admin/mail").get_data(as_text=True)
    assert "Waiting to be sent: 2" in page and "Gave up after every retry: 1" in page and "Sent: 1" in page
    assert "ConnectionRefusedError" in page and "TimeoutError" in page
    assert "queued@example.com" in page and "sent@example.com" not in page


def test_members_and_owners_are_refused(client, auth, factories):
    auth.login_as(factories.manager(factories.center()))
    assert client.get("/admin/mail").status_code == 403
    auth.login_as(factories.user())
    assert client.get("/admin/mail").status_code == 403
    auth.logout()
    assert client.get("/admin/mail").status_code == 302
