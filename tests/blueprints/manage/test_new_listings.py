"""Adding a listing, the admin listing queue (approve, return, resubmit), suspend and restore, the admin home."""
from sqlalchemy import select

from directory.extensions import db
from directory.models import AuditEntry, Center, CenterDocument, CenterManager
from directory.services.search_index import reindex_center

from ...reviewing import sign_in
from ...sitemaps import sitemap_text

CLIFTON = {"lat": 24.8138, "lng": 67.03}


def listing_data(**overrides) -> dict:
    """A new center in Clifton the offline gazetteer can place (by its area)."""
    return {"name": "Lotus Leaf Massage", "kind": "massage_center", "address": "Plot 9, Street 4, Block 2",
            "area": "Clifton", "city": "Karachi", "phone": "021 3512 7788", "whatsapp": "", "email": "",
            "gender_policy": "women_only", "description": "Quiet rooms.", "latitude": "", "longitude": "",
            **overrides}


def get_center(name: str) -> Center | None:
    db.session.expire_all()
    return db.session.scalar(select(Center).where(Center.name == name))


def visible_everywhere(client, center) -> list[bool]:
    """Center page, search page, API search, API detail, sitemap, text search."""
    near = f"lat={CLIFTON['lat']}&lng={CLIFTON['lng']}&radius_km=5"
    return [client.get(f"/centers/{center.slug}").status_code == 200,
            center.slug in client.get(f"/search/?{near}").get_data(as_text=True),
            any(item["slug"] == center.slug for item in client.get(f"/api/v1/centers?{near}").json["items"]),
            client.get(f"/api/v1/centers/{center.slug}").status_code == 200,
            f"/centers/{center.slug}<" in sitemap_text(client),
            center.slug in client.get("/search/?q=Lotus+Leaf").get_data(as_text=True)]


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_member_adds_a_listing_that_waits_for_review(client, auth, factories):
    member = factories.user()
    sign_in(auth, member)
    assert "Add a center" in client.get("/manage/centers/new").get_data(as_text=True)
    response = client.post("/manage/centers/new", data=listing_data(), follow_redirects=True)
    assert "waiting for an administrator" in response.get_data(as_text=True)
    center = get_center("Lotus Leaf Massage")
    assert (center.status, center.submitted_by_id, center.slug) == ("pending", member.id, "lotus-leaf-massage-clifton")
    assert (center.latitude, center.longitude) == (CLIFTON["lat"], CLIFTON["lng"])  # placed by its area
    assert db.session.scalar(select(CenterManager).where(CenterManager.center_id == center.id)).user_id == member.id
    assert " lotus leaf " in db.session.get(CenterDocument, center.id).body
    assert audit_actions() == ["center.submitted"]
    page = client.get("/manage/centers/new").get_data(as_text=True)
    assert "Lotus Leaf Massage" in page and "Waiting for review" in page
    auth.logout()
    assert visible_everywhere(client, center) == [False] * 6


def test_unverified_members_are_asked_to_confirm_their_email(client, auth, factories):
    sign_in(auth, factories.user(verified=False))
    response = client.post("/manage/centers/new", data=listing_data())
    assert response.status_code == 403
    assert "Confirm your email address" in response.get_data(as_text=True)
    assert get_center("Lotus Leaf Massage") is None


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/manage/centers/new")
    assert response.status_code == 302 and "/accounts/login" in response.location


def test_an_address_we_cannot_find_asks_for_coordinates(client, auth, factories):
    sign_in(auth, factories.user())
    page = client.post("/manage/centers/new", data=listing_data(address="Unknown lane", area="Nowhereville",
                                                                city="Atlantis")).get_data(as_text=True)
    assert "Enter the latitude and longitude" in page
    assert get_center("Lotus Leaf Massage") is None


def test_manual_coordinates_win_over_the_geocoder(client, auth, factories):
    sign_in(auth, factories.user())
    client.post("/manage/centers/new", data=listing_data(latitude="24.8001", longitude="67.0702"))
    center = get_center("Lotus Leaf Massage")
    assert (center.latitude, center.longitude) == (24.8001, 67.0702)


def test_bad_input_gets_form_errors_not_a_crash(client, auth, factories):
    sign_in(auth, factories.user())
    cases = [({"latitude": "nan", "longitude": "67"}, "Enter the latitude as a number"),
             ({"latitude": "24.8"}, "Enter both latitude and longitude"),
             ({"latitude": "91", "longitude": "67"}, "between -90 and 90"),
             ({"phone": "", "whatsapp": ""}, "Give a phone or WhatsApp number"),
             ({"phone": "12"}, "Enter the full number"),
             ({"name": ""}, "Enter the center&#39;s name"),
             ({"kind": "palace"}, "Not a valid choice"),
             ({"email": "nope"}, "Enter an email address")]
    for overrides, message in cases:
        response = client.post("/manage/centers/new", data=listing_data(**overrides))
        assert response.status_code == 200
        assert message in response.get_data(as_text=True), overrides
    assert get_center("Lotus Leaf Massage") is None


def test_extra_fields_cannot_publish_or_reassign_a_new_listing(client, auth, factories):
    member, other = factories.user(), factories.user()
    sign_in(auth, member)
    client.post("/manage/centers/new", data=listing_data(status="published", submitted_by_id=str(other.id),
                                                         version="99", confirmed_at="2020-01-01", slug="mine"))
    center = get_center("Lotus Leaf Massage")
    assert (center.status, center.submitted_by_id, center.slug, center.version, center.confirmed_at) == (
        "pending", member.id, "lotus-leaf-massage-clifton", 1, None)


def test_slugs_stay_unique(client, auth, factories):
    factories.center(slug="lotus-leaf-massage-clifton", name="Elsewhere", phone="042 1234 5678", whatsapp=None,
                     latitude=31.5, longitude=74.3)
    sign_in(auth, factories.user())
    client.post("/manage/centers/new", data=listing_data())
    assert get_center("Lotus Leaf Massage").slug == "lotus-leaf-massage-clifton-2"


def test_possible_duplicates_are_shown_and_need_a_tick(client, auth, factories):
    existing = factories.center(name="The Lotus Leaf Spa", slug="lotus-leaf", latitude=24.8145, longitude=67.031,
                                phone="021 9999 0000", whatsapp=None)
    sign_in(auth, factories.user())
    page = client.post("/manage/centers/new", data=listing_data()).get_data(as_text=True)
    assert "Is your center already listed?" in page
    assert f'href="/centers/{existing.slug}"' in page and f'href="/manage/centers/{existing.slug}/claim"' in page
    assert "Similar name" in page and "tick this box if it is a different center" in page
    assert get_center("Lotus Leaf Massage") is None
    client.post("/manage/centers/new", data=listing_data(different_center="y"))
    assert get_center("Lotus Leaf Massage").status == "pending"


def test_the_same_phone_number_is_a_possible_duplicate_anywhere(client, auth, factories):
    factories.center(name="Totally Different", slug="far-away", latitude=31.52, longitude=74.35,
                     phone="+92 21 3512 7788", whatsapp=None)
    sign_in(auth, factories.user())
    page = client.post("/manage/centers/new", data=listing_data(phone="0092-21-35127788")).get_data(as_text=True)
    assert "Totally Different" in page and "Same phone or WhatsApp number" in page
    assert get_center("Lotus Leaf Massage") is None


def test_members_can_have_only_a_few_listings_waiting(client, auth, factories):
    member = factories.user()
    for n in range(5):
        factories.center(status="pending", submitted_by_id=member.id, latitude=30 + n, phone=f"021 3000 000{n}")
    sign_in(auth, member)
    page = client.post("/manage/centers/new", data=listing_data()).get_data(as_text=True)
    assert "You already have 5 listings waiting for review" in page
    assert get_center("Lotus Leaf Massage") is None


def submit_as(client, auth, user, **overrides) -> Center:
    sign_in(auth, user)
    client.post("/manage/centers/new", data=listing_data(**overrides))
    return get_center(overrides.get("name", "Lotus Leaf Massage"))


def test_admin_approves_a_listing_and_it_becomes_public_and_searchable(client, auth, factories):
    factories.center(name="Lotus Leaf", slug="lotus-old", latitude=24.814, longitude=67.031, phone="021 1000 2000",
                     whatsapp=None)
    submitter = factories.user(display_name="Sana Submitter")
    center = submit_as(client, auth, submitter, different_center="y")
    sign_in(auth, factories.user(role="admin"))
    queue = client.get("/admin/listings").get_data(as_text=True)
    assert "Lotus Leaf Massage" in queue and "Sana Submitter" in queue and submitter.email in queue
    assert "Possible duplicates" in queue and 'href="/centers/lotus-old"' in queue
    assert "24.81380, 67.03000" in queue and "Plot 9, Street 4, Block 2" in queue
    client.post(f"/admin/listings/{center.slug}/approve", data={"version": str(center.version), "note": ""})
    center = get_center("Lotus Leaf Massage")
    assert center.status == "published" and center.confirmed_at is not None
    assert db.session.get(type(submitter), submitter.id).role == "owner"
    auth.logout()
    assert visible_everywhere(client, center) == [True] * 6
    assert audit_actions() == ["center.submitted", "center.approved"]


def test_queue_is_oldest_first(client, auth, factories):
    from datetime import datetime
    factories.center(name="Newer Place", status="pending", created_at=datetime(2026, 3, 2), phone="021 1")
    factories.center(name="Older Place", status="pending", created_at=datetime(2026, 3, 1), phone="021 2")
    sign_in(auth, factories.user(role="admin"))
    queue = client.get("/admin/listings").get_data(as_text=True)
    assert queue.index("Older Place") < queue.index("Newer Place")


def test_returned_listing_shows_the_reason_and_can_be_resubmitted(client, auth, factories):
    submitter = factories.user()
    center = submit_as(client, auth, submitter)
    admin = factories.user(role="admin")
    sign_in(auth, admin)
    client.post(f"/admin/listings/{center.slug}/return", data={"version": "1", "reason": ""})
    assert get_center("Lotus Leaf Massage").status == "pending"  # a reason is required
    client.post(f"/admin/listings/{center.slug}/return",
                data={"version": "1", "reason": "The map pin is in the sea; fix the location."})
    center = get_center("Lotus Leaf Massage")
    assert (center.status, center.status_reason) == ("draft", "The map pin is in the sea; fix the location.")
    sign_in(auth, submitter)
    page = client.get("/manage/centers/new").get_data(as_text=True)
    assert "Returned to you" in page and "The map pin is in the sea" in page and "Send for review again" in page
    client.post(f"/manage/centers/{center.slug}/resubmit")
    center = get_center("Lotus Leaf Massage")
    assert (center.status, center.status_reason) == ("pending", "")
    assert audit_actions() == ["center.submitted", "center.returned", "center.resubmitted"]
    response = client.post(f"/manage/centers/{center.slug}/resubmit", follow_redirects=True)
    assert "Only a returned listing can be sent for review again" in response.get_data(as_text=True)


def test_another_owner_cannot_resubmit(client, auth, factories):
    center = factories.center(status="draft", status_reason="Fix it")
    factories.manager(center)
    sign_in(auth, factories.manager(factories.center()))
    assert client.post(f"/manage/centers/{center.slug}/resubmit").status_code == 404
    assert get_center(center.name).status == "draft"


def test_decisions_in_the_wrong_state_or_on_a_stale_page_are_messages(client, auth, factories):
    published = factories.center()
    pending = factories.center(status="pending", phone="021 7777 1111")
    sign_in(auth, factories.user(role="admin"))
    response = client.post(f"/admin/listings/{published.slug}/approve", data={"version": "1"}, follow_redirects=True)
    assert response.status_code == 200
    assert "Only a listing waiting for review can be approved" in response.get_data(as_text=True)
    response = client.post(f"/admin/listings/{pending.slug}/approve", data={"version": "0"}, follow_redirects=True)
    assert "The listing changed after you opened this page" in response.get_data(as_text=True)
    response = client.post(f"/admin/listings/{pending.slug}/unsuspend", data={}, follow_redirects=True)
    assert "Only a suspended listing can be restored" in response.get_data(as_text=True)
    assert client.post("/admin/listings/no-such-center/approve", data={"version": "1"}).status_code == 404
    assert get_center(pending.name).status == "pending" and audit_actions() == []


def test_suspend_hides_the_listing_and_restore_brings_it_back(client, auth, factories):
    center = factories.center(name="Lotus Leaf Suspended", slug="lotus-leaf-s", **CLIFTON_POINT)
    owner = factories.manager(center)
    reindex_center(db.session, center)  # factories write no search document
    db.session.commit()
    assert visible_everywhere(client, center) == [True] * 6
    sign_in(auth, factories.user(role="admin"))
    page = client.get(f"/centers/{center.slug}").get_data(as_text=True)
    assert f'action="/admin/listings/{center.slug}/suspend"' in page
    client.post(f"/admin/listings/{center.slug}/suspend", data={"reason": ""})
    assert get_center(center.name).status == "published"  # a reason is required
    client.post(f"/admin/listings/{center.slug}/suspend", data={"reason": "Unlicensed therapists reported"})
    assert get_center(center.name).status == "suspended"
    assert "Unlicensed therapists reported" in client.get("/admin/listings").get_data(as_text=True)
    auth.logout()
    assert visible_everywhere(client, center) == [False] * 6
    sign_in(auth, owner)  # managers still reach their manage pages and see why
    assert client.get(f"/manage/centers/{center.slug}/visit-codes").status_code == 200
    page = client.get("/manage/centers/new").get_data(as_text=True)
    assert "Suspended" in page and "Unlicensed therapists reported" in page
    sign_in(auth, factories.user(role="admin"))
    client.post(f"/admin/listings/{center.slug}/unsuspend", data={"note": "Licences checked"})
    auth.logout()
    assert visible_everywhere(client, center) == [True] * 6
    assert audit_actions() == ["center.suspended", "center.unsuspended"]


CLIFTON_POINT = {"latitude": 24.8138, "longitude": 67.03}


def test_admin_home_counts_every_queue(client, auth, factories):
    factories.center(status="pending", phone="021 5")
    factories.center(status="pending", phone="021 6")
    factories.center(status="suspended")
    factories.center(status="deleted")
    sign_in(auth, factories.user(role="admin"))
    page = client.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/listings"' in page and 'href="/admin/claims"' in page and 'href="/admin/moderation"' in page
    assert 'href="/admin/audit"' in page and 'href="/admin/centers/deleted"' in page
    assert '<strong class="queue-count">2</strong> listings waiting' in page
    assert "Suspended listings</a>: 1" in page and "Deleted listings</a>: 1" in page


def test_admin_pages_refuse_everyone_else(client, auth, factories):
    center = factories.center()
    for path in ("/admin/", "/admin/listings"):
        assert "/accounts/login" in client.get(path).location
    for user in (factories.user(), factories.manager(center), factories.user(verified=False)):
        sign_in(auth, user)
        for path in ("/admin/", "/admin/listings"):
            assert client.get(path).status_code == 403
        assert f"/admin/listings/{center.slug}/suspend" not in client.get(f"/centers/{center.slug}").get_data(
            as_text=True)
