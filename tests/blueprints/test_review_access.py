"""Access-control table for every state-changing route of the reviews, admin and manage areas, x six roles.

"login" = sent to log in; 403/404 = refused by status; "done" = the change happened; "refused" = the page answered
(with a message) but nothing changed. A new POST route in these areas fails the test until it is in the table.

Rows for other features live in `tests/blueprints/access/<feature>.py`: each module has `ROWS` (same shape as
TABLE below) and may have `build(factories, world)` that adds the rows it needs to `world.extra` (a dict).
"""
import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import Center, CenterClaim, HelpfulVote, Review, ReviewFlag, ReviewReply, VisitCode

from ..reviewing import BODY, pending_claim, sign_in

ROLES = ("anonymous", "unverified", "member", "owner_of_this_center", "owner_of_another_center", "admin")
AREAS = ("reviews", "admin", "manage", "centers", "bookings")


@dataclass
class World:
    center: object
    review: object  # published, by someone else
    hidden: object  # hidden by a moderator
    flagged: object  # published, with an open flag
    gone: object  # a soft-deleted listing
    claim: object  # a pending claim on `center`, by someone else
    extra: dict = field(default_factory=dict)  # what the feature modules in access/ build


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def center_status(center) -> str:
    return db.session.scalar(select(Center.status).where(Center.id == center.id))


def claim_status(claim) -> str:
    return db.session.scalar(select(CenterClaim.status).where(CenterClaim.id == claim.id))


def status_of(review) -> str:
    return db.session.scalar(select(Review.status).where(Review.id == review.id))


# endpoint: (url, form data (or a function of the world giving it), did the change happen?, expected outcome per
# role in ROLES order)
TABLE = {
    "reviews.new": (lambda w: f"/centers/{w.center.slug}/reviews/new",
                    {"rating": "5", "title": "Mine", "body": BODY + " Mine."},
                    lambda w: count(Review, Review.title == "Mine") > 0,
                    ("login", 403, "done", 403, "done", "done")),
    "reviews.edit": (lambda w: f"/reviews/{w.review.id}/edit", {"rating": "1", "title": "Taken over", "body": BODY},
                     lambda w: count(Review, Review.title == "Taken over") > 0,
                     ("login", 404, 404, 404, 404, 404)),
    "reviews.delete": (lambda w: f"/reviews/{w.review.id}/delete", {},
                       lambda w: status_of(w.review) == "deleted",
                       ("login", 404, 404, 404, 404, 404)),
    "reviews.helpful": (lambda w: f"/reviews/{w.review.id}/helpful", {},
                        lambda w: count(HelpfulVote) > 0,
                        ("login", "refused", "done", "refused", "done", "done")),
    "reviews.flag": (lambda w: f"/reviews/{w.review.id}/flag", {"reason": "fake"},
                     lambda w: count(ReviewFlag, ReviewFlag.review_id == w.review.id) > 0,
                     ("login", "done", "done", "done", "done", "done")),
    "reviews.reply": (lambda w: f"/reviews/{w.review.id}/reply", {"body": "Our answer"},
                      lambda w: count(ReviewReply) > 0,
                      ("login", 404, 404, "done", 404, 404)),
    "admin.hide": (lambda w: f"/admin/reviews/{w.review.id}/hide", {"note": "Breaks the rules"},
                   lambda w: status_of(w.review) == "hidden",
                   ("login", 403, 403, 403, 403, "done")),
    "admin.restore": (lambda w: f"/admin/reviews/{w.hidden.id}/restore", {"note": ""},
                      lambda w: status_of(w.hidden) == "published",
                      ("login", 403, 403, 403, 403, "done")),
    "admin.dismiss": (lambda w: f"/admin/reviews/{w.flagged.id}/dismiss-flags", {"note": ""},
                      lambda w: count(ReviewFlag, ReviewFlag.resolved_at.is_(None)) == 0,
                      ("login", 403, 403, 403, 403, "done")),
    "admin.delete_listing": (lambda w: f"/admin/centers/{w.center.slug}/delete", {"note": "Closed for good"},
                             lambda w: center_status(w.center) == "deleted",
                             ("login", 403, 403, 403, 403, "done")),
    "admin.restore_listing": (lambda w: f"/admin/centers/{w.gone.slug}/restore", {"note": ""},
                              lambda w: center_status(w.gone) == "published",
                              ("login", 403, 403, 403, 403, "done")),
    "manage.visit_codes": (lambda w: f"/manage/centers/{w.center.slug}/visit-codes", {"count": "2"},
                           lambda w: count(VisitCode) > 0,
                           ("login", 404, 404, "done", 404, "done")),
    "manage.claim": (lambda w: f"/manage/centers/{w.center.slug}/claim",
                     {"role_at_center": "owner", "evidence": "The listed phone +92 21 3583 0000 is my desk."},
                     lambda w: count(CenterClaim) > 1,
                     ("login", 403, "done", "refused", "done", "refused")),
    "admin.approve_claim": (lambda w: f"/admin/claims/{w.claim.id}/approve", {"reason": ""},
                            lambda w: claim_status(w.claim) == "approved",
                            ("login", 403, 403, 403, 403, "done")),
    "admin.reject_claim": (lambda w: f"/admin/claims/{w.claim.id}/reject", {"reason": "No evidence matched"},
                           lambda w: claim_status(w.claim) == "rejected",
                           ("login", 403, 403, 403, 403, "done")),
}


FEATURES = [importlib.import_module(f"{__package__}.access.{module.name}")
            for module in pkgutil.iter_modules([str(Path(__file__).parent / "access")])]
for _feature in FEATURES:
    assert not set(_feature.ROWS) & set(TABLE), f"{_feature.__name__} repeats a row"
    TABLE.update(_feature.ROWS)


def test_every_state_changing_route_is_in_the_table(app):
    routes = {rule.endpoint for rule in app.url_map.iter_rules()
              if rule.endpoint.split(".")[0] in AREAS and rule.methods & {"POST", "PUT", "PATCH", "DELETE"}}
    assert routes == set(TABLE)


@pytest.fixture
def world(factories) -> World:
    center = factories.center()
    flagged = factories.review(center, body=BODY + " Flagged.")
    db.session.add(ReviewFlag(review_id=flagged.id, user_id=factories.user().id, reason="other"))
    db.session.commit()
    gone = factories.center(status="deleted", status_before_delete="published")
    world = World(center=center, gone=gone, review=factories.review(center, body=BODY),
                  claim=pending_claim(db.session, center, factories.user()),
                  hidden=factories.review(center, status="hidden", body=BODY + " Hidden."), flagged=flagged)
    for feature in FEATURES:
        if hasattr(feature, "build"):
            feature.build(factories, world)
    return world


def make_user(factories, world: World, role: str):
    return {"anonymous": lambda: None, "unverified": lambda: factories.user(verified=False),
            "member": factories.user, "owner_of_this_center": lambda: factories.manager(world.center),
            "owner_of_another_center": lambda: factories.manager(factories.center()),
            "admin": lambda: factories.user(role="admin")}[role]()


@pytest.mark.parametrize("role_index, role", list(enumerate(ROLES)))
@pytest.mark.parametrize("endpoint", list(TABLE))
def test_access_table(client, auth, factories, world, endpoint, role_index, role):
    url, data, changed, expected = TABLE[endpoint]
    user = make_user(factories, world, role)
    if user is not None:
        sign_in(auth, user)
    response = client.post(url(world), data=data(world) if callable(data) else data)
    if response.status_code == 302 and "/accounts/login" in response.location:
        outcome = "login"
    elif response.status_code in (403, 404):
        outcome = response.status_code
    else:
        assert response.status_code < 500
        outcome = "done" if changed(world) else "refused"
    assert outcome == expected[role_index]
    if outcome != "done":
        assert not changed(world)


@pytest.mark.parametrize("endpoint", list(TABLE))
def test_posts_without_a_csrf_token_are_refused(app, client, auth, factories, world, endpoint):
    app.config["WTF_CSRF_ENABLED"] = True
    url, data, changed, _ = TABLE[endpoint]
    sign_in(auth, factories.user(role="admin"))
    assert client.post(url(world), data=data(world) if callable(data) else data).status_code == 400
    assert not changed(world)


def test_forms_carry_the_csrf_token(app, client, auth, factories, world):
    app.config["WTF_CSRF_ENABLED"] = True
    sign_in(auth, factories.user())
    page = client.get(f"/centers/{world.center.slug}").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    client.post(f"/reviews/{world.review.id}/helpful", data={"csrf_token": token})
    assert count(HelpfulVote) == 1
