"""Every page of the manage and admin areas, found from the URL map: a center's pages open for its managers and
admins and answer 404 to the owner of another center, also when that owner puts this center's ids under their own
center's URL; admin pages answer 403 to everyone but admins. A new page fails here until it is covered."""
from datetime import date

import pytest

from directory.extensions import db
from directory.models import CenterPhoto, ChangeReport, EvidenceFile, SpecialClosure

from ...reviewing import sign_in

NOT_CENTER_PAGES = {"manage.dashboard", "manage.new_listing", "manage.my_claims", "manage.claim", "manage.evidence"}


@pytest.fixture
def scene(factories):
    """A center with one of everything a manage URL can point at, its owner, and the owner of another center."""
    swedish = factories.service()
    center = factories.center(menu=[(swedish, 60, 5000)])
    therapist = factories.therapist(center)
    credential = factories.credential(therapist)
    for row in (SpecialClosure(center_id=center.id, starts_on=date(2030, 1, 1), ends_on=date(2030, 1, 2)),
                CenterPhoto(center_id=center.id, file_key="isolation-photo", width=10, height=10),
                ChangeReport(center_id=center.id, kind="phone", details="The number changed last month."),
                EvidenceFile(file_key="isolation-doc", content_type="application/pdf", size_bytes=10,
                             center_id=center.id)):
        db.session.add(row)
    db.session.commit()
    other_center = factories.center()
    return {"center": center, "other_center": other_center, "owner": factories.manager(center),
            "other_owner": factories.manager(other_center), "ids": {
                "therapist_id": therapist.id, "credential_id": credential.id, "line_id": center.menu[0].id}}


def center_pages(app) -> list:
    return [rule for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith("manage.") and "GET" in rule.methods
            and rule.endpoint not in NOT_CENTER_PAGES]


def build(rule, slug: str, ids: dict) -> str:
    return rule.build({"slug": slug, **{key: ids[key] for key in rule.arguments if key != "slug"}})[1]


def test_every_center_page_is_covered(app):
    assert all("slug" in rule.arguments for rule in center_pages(app))
    assert len(center_pages(app)) >= 12


def test_managers_open_every_page_of_their_center_and_other_owners_get_404(app, client, auth, scene):
    for rule in center_pages(app):
        mine = build(rule, scene["center"].slug, scene["ids"])
        smuggled = build(rule, scene["other_center"].slug, scene["ids"])  # this center's ids, their own slug
        sign_in(auth, scene["owner"])
        assert client.get(mine).status_code == 200, mine
        sign_in(auth, scene["other_owner"])
        assert client.get(mine).status_code == 404, mine
        if set(rule.arguments) - {"slug"}:
            assert client.get(smuggled).status_code == 404, smuggled


def test_private_evidence_is_404_to_another_owner(client, auth, scene):
    sign_in(auth, scene["other_owner"])
    assert client.get("/manage/evidence/isolation-doc").status_code == 404


@pytest.mark.parametrize("who", ["member", "owner", "unverified"])
def test_every_admin_page_refuses_non_admins(app, client, auth, factories, scene, who):
    user = {"member": factories.user, "owner": lambda: scene["owner"],
            "unverified": lambda: factories.user(verified=False)}[who]()
    sign_in(auth, user)
    pages = [rule.rule for rule in app.url_map.iter_rules()
             if rule.endpoint.startswith("admin.") and "GET" in rule.methods and not rule.arguments]
    assert len(pages) >= 7
    for page in pages:
        assert client.get(page).status_code == 403, page
    sign_in(auth, factories.user(role="admin"))
    for page in pages:
        assert client.get(page).status_code == 200, page
