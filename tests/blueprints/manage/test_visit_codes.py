"""Visit codes page: managers of this center only; plain codes shown once, never stored or shown again."""
import re

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import AuditEntry, VisitCode

from ...reviewing import BODY, sign_in

CODE = re.compile(r"<code>([0-9A-Z]{4}-[0-9A-Z]{4})</code>")


def url(center) -> str:
    return f"/manage/centers/{center.slug}/visit-codes"


def test_a_manager_issues_codes_shown_once(client, auth, factories):
    center = factories.center()
    sign_in(auth, factories.manager(center))
    page = client.get(url(center)).get_data(as_text=True)
    assert ">How many codes</label>" in page and "No codes issued yet" in page
    response = client.post(url(center), data={"count": "3", "label": "Front desk"})
    codes = CODE.findall(response.get_data(as_text=True))
    assert response.status_code == 200 and len(set(codes)) == 3
    assert response.headers["Cache-Control"] == "no-store"
    stored = db.session.scalars(select(VisitCode)).all()
    assert len(stored) == 3 and not any(code in row.code_hash for code in codes for row in stored)
    again = client.get(url(center)).get_data(as_text=True)
    assert CODE.findall(again) == [] and again.count("Not used yet") == 3 and "Front desk" in again
    assert db.session.scalar(select(AuditEntry.action)) == "visit_codes.issued"


def test_an_issued_code_verifies_a_review(client, auth, factories):
    center = factories.center()
    sign_in(auth, factories.manager(center))
    code = CODE.findall(client.post(url(center), data={"count": "1"}).get_data(as_text=True))[0]
    sign_in(auth, factories.user())
    client.post(f"/centers/{center.slug}/reviews/new",
                data={"rating": "5", "title": "Lovely", "body": BODY, "visit_code": code})
    assert "Verified visit" in client.get(f"/centers/{center.slug}").get_data(as_text=True)
    sign_in(auth, factories.manager(center))
    assert "Used " in client.get(url(center)).get_data(as_text=True)


@pytest.mark.parametrize("count", ["0", "51", "abc", ""])
def test_batch_size_is_checked(client, auth, factories, count):
    center = factories.center()
    sign_in(auth, factories.manager(center))
    response = client.post(url(center), data={"count": count})
    assert response.status_code == 200 and 'id="count-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(VisitCode.id))) == 0


@pytest.mark.parametrize("who", ["owner_of_another_center", "member", "unverified"])
def test_others_get_404(client, auth, factories, who):
    center = factories.center()
    user = {"owner_of_another_center": lambda: factories.manager(factories.center()), "member": factories.user,
            "unverified": lambda: factories.user(verified=False)}[who]()
    sign_in(auth, user)
    assert client.get(url(center)).status_code == 404
    assert client.post(url(center), data={"count": "5"}).status_code == 404
    assert db.session.scalar(select(func.count(VisitCode.id))) == 0


def test_anonymous_is_sent_to_log_in(client, factories):
    center = factories.center()
    for response in (client.get(url(center)), client.post(url(center), data={"count": "5"})):
        assert response.status_code == 302 and "/accounts/login" in response.location


def test_unknown_center_is_404(client, auth, factories):
    sign_in(auth, factories.user(role="admin"))
    assert client.get("/manage/centers/nope/visit-codes").status_code == 404
