"""Access-control table for the accounts area's state-changing routes x six roles, and a check that every
state-changing route of the whole site sits in one of the access tables (this one or test_review_access)."""
import pytest
from flask import current_app
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import MailOptOut, User
from directory.services.notifications.stop_links import stop_token

from ..test_review_access import ROLES
from ..test_review_access import TABLE as REVIEW_TABLE

PASSWORD = "quiet garden lantern 42"
NEW_PASSWORD = "another calm evening 17"


@pytest.fixture
def people(factories):
    center = factories.center()
    with_password = {"password": PASSWORD}
    return {
        "anonymous": None,
        "unverified": factories.user(verified=False, **with_password),
        "member": factories.user(**with_password),
        "owner_of_this_center": factories.manager(center, factories.user(role="owner", **with_password)),
        "owner_of_another_center": factories.manager(factories.center(), factories.user(role="owner",
                                                                                        **with_password)),
        "admin": factories.user(role="admin", **with_password),
    }


def signed_in_as(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("_user_id")


def version(user) -> int:
    return db.session.scalar(select(User.session_version).where(User.id == user.id))


def mails(client) -> str:
    try:
        with open(client.application.config["MAIL_LOG_PATH"], encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        return ""


# endpoint: (url, form data, did the change happen for this user?, expected outcome per role)
TABLE = {
    "accounts.register": ("/accounts/register",
                          {"email": "new.person@example.com", "display_name": "New Person", "password": PASSWORD,
                           "confirm": PASSWORD},
                          lambda app, user: db.session.scalar(select(func.count()).select_from(User).where(
                              User.email == "new.person@example.com")) == 1,
                          ("done", "refused", "refused", "refused", "refused", "refused")),
    "accounts.login": ("/accounts/login", {"email": "{member}", "password": PASSWORD},
                       lambda app, user: user is None and signed_in_as(app) is not None,
                       ("done", "refused", "refused", "refused", "refused", "refused")),
    "accounts.logout": ("/accounts/logout", {},
                        lambda app, user: user is not None and version(user) > 1,
                        ("refused", "done", "done", "done", "done", "done")),
    "accounts.resend_verification": ("/accounts/verify/resend", {},
                                     lambda app, user: "verify" in mails(app),
                                     ("login", "done", "refused", "refused", "refused", "refused")),
    "accounts.change_password": ("/accounts/password",
                                 {"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                                 lambda app, user: user is not None and version(user) > 1,
                                 ("login", "done", "done", "done", "done", "done")),
    "accounts.reset_password": ("/accounts/reset/not-a-real-token", {"password": NEW_PASSWORD,
                                                                      "confirm": NEW_PASSWORD},
                                lambda app, user: user is not None and version(user) > 1,
                                ("refused", "refused", "refused", "refused", "refused", "refused")),
    "accounts.language": ("/accounts/language", {"language": "ur"},
                          lambda app, user: user is not None and db.session.scalar(
                              select(User.language).where(User.id == user.id)) == "ur",
                          ("login", "done", "done", "done", "done", "done")),
    "accounts.forgot_password": ("/accounts/forgot", {"email": "{member}"},
                                 lambda app, user: "reset" in mails(app).lower(),
                                 ("done", "done", "done", "done", "done", "done")),
    # Mail preferences: each signed-in person their own (a member who keeps one kind stops the other five).
    "notifications.preferences": ("/accounts/notifications", {"wanted": ["booking_updates"]},
                                  lambda app, user: user is not None and optouts(user.id) == 5,
                                  ("login", "done", "done", "done", "done", "done")),
    # The stop link in a mail: the signed token is the key (RFC 8058 one-click, no login, no CSRF token).
    "notifications.stop": (lambda people: "/mail/stop/" + stop_token(
                               current_app.secret_key, "new_reviews",
                               user_id=people["member"].id),
                           {"List-Unsubscribe": "One-Click"},
                           lambda app, user: optouts() == 1,
                           ("done", "done", "done", "done", "done", "done")),
}


def optouts(user_id: int | None = None) -> int:
    where = [MailOptOut.user_id == user_id] if user_id is not None else []
    return db.session.scalar(select(func.count()).select_from(MailOptOut).where(*where))


@pytest.mark.parametrize("role_index, role", list(enumerate(ROLES)))
@pytest.mark.parametrize("endpoint", list(TABLE))
def test_account_access_table(app, client, auth, people, endpoint, role_index, role):
    url, data, changed, expected = TABLE[endpoint]
    user = people[role]
    if user is not None:
        auth.login_as(user)
    data = {key: value.format(member=people["member"].email) if isinstance(value, str) else value
            for key, value in data.items()}
    response = client.post(url(people) if callable(url) else url, data=data)
    assert response.status_code < 500
    if response.status_code == 302 and "/accounts/login?next=" in response.location:
        outcome = "login"
    else:
        outcome = "done" if changed(client, user) else "refused"
    assert outcome == expected[role_index], (endpoint, role, response.status_code)


def test_every_state_changing_route_of_the_site_is_in_an_access_table(app):
    tables = set(TABLE) | set(REVIEW_TABLE)
    routes = {rule.endpoint for rule in app.url_map.iter_rules()
              if rule.methods & {"POST", "PUT", "PATCH", "DELETE"} and not rule.rule.startswith("/api/")}
    assert routes - tables == set(), "add these routes to an access table"
