"""Lists that used to stop at a cap are paged: every row is reached page by page, in a fixed order, only ever the
user's own, and a bad page number shows the first (or the last) page instead of failing."""
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, select

from directory.extensions import db
from directory.models import AuditEntry, Center, CenterClaim, CenterManager
from directory.services import dashboard
from directory.services.claims import MINE_PER_PAGE as CLAIMS_PER_PAGE
from directory.services.dashboard import DASHBOARD_PER_PAGE
from directory.services.listings import status
from directory.services.listings.status import DELETED_PER_PAGE
from directory.services.listings.submission import MINE_PER_PAGE as LISTINGS_PER_PAGE

WHEN = datetime(2026, 11, 1, 9, 0)
NEXT = re.compile(r'rel="next" href="([^"]+)"')


def add_centers(prefix: str, count: int, **values) -> list[int]:
    """`count` centers named `prefix 000`, `prefix 001`... in one insert; their ids in that order."""
    rows = [{"slug": f"{prefix.lower()}-{n}", "name": f"{prefix} {n:03d}", "address": "1 Road", "city": "Karachi",
             "latitude": 24.8, "longitude": 67.0, "lat_band": 4960,
             **{key: value(n) if callable(value) else value for key, value in values.items()}} for n in range(count)]
    db.session.execute(insert(Center), rows)
    db.session.commit()
    ids = dict(db.session.execute(select(Center.slug, Center.id).where(Center.slug.like(f"{prefix.lower()}-%"))).all())
    return [ids[row["slug"]] for row in rows]


def manage(user, center_ids: list[int]) -> None:
    db.session.execute(insert(CenterManager), [{"center_id": cid, "user_id": user.id} for cid in center_ids])
    db.session.commit()


def walk(client, url: str, pattern: str) -> list[list[str]]:
    """The names `pattern` finds on each page, following "Next" from `url` to the last page."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        pages.append(re.findall(pattern, html))
        found = NEXT.search(html)
        url = found.group(1).replace("&amp;", "&") if found else None
        assert len(pages) < 20, "the Next links never end"
    return pages


def sizes(count: int, per_page: int) -> list[int]:
    return [min(per_page, count - start) for start in range(0, count, per_page)]


def test_every_deleted_listing_is_reached_newest_first_ties_by_id(client, auth, factories):
    # the first 60 were deleted at the same moment: the id decides their order
    add_centers("Gone", 120, status="deleted", deleted_at=lambda n: WHEN + timedelta(minutes=max(0, n - 60)))
    auth.login_as(factories.user(role="admin"))
    pages = walk(client, "/admin/centers/deleted", r"<h2>(Gone \d{3})</h2>")
    assert [len(names) for names in pages] == sizes(120, DELETED_PER_PAGE)
    assert sum(pages, []) == [f"Gone {n:03d}" for n in reversed(range(120))]
    last = client.get("/admin/centers/deleted?page=3").get_data(as_text=True)
    assert "Page 3 of 3" in last and 'rel="prev" href="/admin/centers/deleted?page=2"' in last


def test_the_dashboard_pages_by_name_and_counts_attention_for_its_page_only(client, auth, factories, monkeypatch):
    owner = factories.user(role="owner")
    ids = add_centers("Spa", 70, status="published", name=lambda n: f"Spa {n // 2:03d}")  # names in pairs: id decides
    manage(owner, ids)
    manage(factories.user(role="owner"), add_centers("Other", 5, status="published"))
    seen = []
    counted = dashboard.attention_for
    monkeypatch.setattr(dashboard, "attention_for", lambda session, centers, today: (
        seen.append(len(centers)), counted(session, centers, today))[1])
    auth.login_as(owner)
    pages = walk(client, "/manage/", r'id="center-(\d+)"')
    assert [len(found) for found in pages] == sizes(70, DASHBOARD_PER_PAGE) and seen == sizes(70, DASHBOARD_PER_PAGE)
    assert [int(cid) for cid in sum(pages, [])] == ids  # by name, then id: each page holds the next 50
    assert "Other 00" not in client.get("/manage/?page=2").get_data(as_text=True)


def test_a_members_claims_are_paged_and_never_show_anothers(client, auth, factories):
    member, other = factories.user(), factories.user()
    centers = add_centers("Claimed", 30, status="published")
    for user, names in ((member, range(25)), (other, range(5, 30))):
        db.session.execute(insert(CenterClaim), [
            {"center_id": centers[n], "user_id": user.id, "role_at_center": "owner", "evidence": "x" * 30,
             "status": "pending", "created_at": WHEN + timedelta(hours=n // 5)} for n in names])  # ties in fives
    db.session.commit()
    auth.login_as(member)
    pages = walk(client, "/manage/claims", r'id="claim-(\d+)"')
    assert [len(found) for found in pages] == sizes(25, CLAIMS_PER_PAGE)
    # every one of the member's claims once, newest first (ties by id), none of the other member's on any page
    assert [int(claim_id) for claim_id in sum(pages, [])] == db.session.scalars(
        select(CenterClaim.id).where(CenterClaim.user_id == member.id)
        .order_by(CenterClaim.created_at.desc(), CenterClaim.id.desc())).all()
    second = client.get("/manage/claims?page=2").get_data(as_text=True)
    assert "Claimed 029" not in second and "Page 2 of 2" in second


def test_your_listings_are_paged_and_never_show_anothers(client, auth, factories):
    member, other = factories.user(), factories.user()
    statuses = ["pending", "draft", "suspended"]
    manage(member, add_centers("Mine", 25, status=lambda n: statuses[n % 3], created_at=WHEN))  # one moment: by id
    manage(member, add_centers("Public", 3, status="published"))
    manage(other, add_centers("Theirs", 25, status="draft"))
    auth.login_as(member)
    pages = walk(client, "/manage/centers/new", r"<strong>(\w+ \d{3})</strong>")
    assert [len(names) for names in pages] == sizes(25, LISTINGS_PER_PAGE)
    assert sum(pages, []) == [f"Mine {n:03d}" for n in reversed(range(25))]  # no Public, no Theirs on any page


PAGED = ["/admin/centers/deleted", "/manage/", "/manage/claims", "/manage/centers/new", "/admin/audit"]


@pytest.fixture
def lists(client, auth, factories):
    """A user whose every paged list has two pages."""
    user = factories.user(role="admin")
    add_centers("Gone", DELETED_PER_PAGE + 1, status="deleted", deleted_at=WHEN)
    manage(user, add_centers("Mine", DASHBOARD_PER_PAGE + 1,  # the first few are not public: "your listings"
                             status=lambda n: "draft" if n <= LISTINGS_PER_PAGE else "published"))
    centers = add_centers("Claimed", CLAIMS_PER_PAGE + 1, status="published")
    db.session.execute(insert(CenterClaim), [{"center_id": cid, "user_id": user.id, "status": "rejected"}
                                             for cid in centers])
    db.session.commit()
    db.session.execute(insert(AuditEntry), [{"action": "center.delete", "subject_type": "center", "subject_id": n}
                                            for n in range(51)])
    db.session.commit()
    auth.login_as(user)
    return client


@pytest.mark.parametrize("url", PAGED)
@pytest.mark.parametrize("value, shown", [("0", 1), ("-1", 1), ("abc", 1), ("", 1), ("1.5", 1), ("٢", 1),
                                          ("9" * 5000, 1), ("3", 2), ("99999", 2), ("2", 2)])
def test_a_bad_page_number_shows_the_first_or_the_last_page(lists, url, value, shown):
    response = lists.get(f"{url}?page={value}")
    assert response.status_code == 200 and f"Page {shown} of 2" in response.get_data(as_text=True)


def test_a_page_number_too_long_for_int_shows_the_first_page(client, auth, factories):
    center = factories.center()
    auth.login_as(factories.user())
    for url in (f"/centers/{center.slug}/reviews", "/bookings/mine"):  # int() refuses over 4,300 digits
        assert client.get(f"{url}?page={'9' * 5000}").status_code == 200, url


def test_a_list_that_stops_at_its_last_page_says_so(client, auth, factories, monkeypatch):
    monkeypatch.setattr(status, "DELETED_PAGES", 2)
    add_centers("Gone", DELETED_PER_PAGE * 2 + 1, status="deleted", deleted_at=WHEN)
    auth.login_as(factories.user(role="admin"))
    assert "The list stops" not in client.get("/admin/centers/deleted").get_data(as_text=True)
    last = client.get("/admin/centers/deleted?page=9").get_data(as_text=True)
    assert "Page 2 of 2" in last and "The list stops at page 2." in last and 'rel="next"' not in last
