"""Access rows for adding listings, resubmitting, and the admin listing decisions (approve, return, suspend)."""
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import Center


def _status(world, key: str) -> str:
    return db.session.scalar(select(Center.status).where(Center.id == world.extra[key].id))


def _added(_world) -> bool:
    return db.session.scalar(select(func.count()).select_from(Center).where(Center.name == "Fresh Access Spa")) > 0


NEW = {"name": "Fresh Access Spa", "kind": "day_spa", "address": "7 Khayaban-e-Ittehad", "area": "DHA Phase 6",
       "city": "Karachi", "phone": "021 3599 1234", "gender_policy": "mixed", "latitude": "24.80",
       "longitude": "67.06", "different_center": "y", "status": "published"}

ROWS = {
    "manage.new_listing": (lambda w: "/manage/centers/new", NEW, _added,
                           ("login", 403, "done", "done", "done", "done")),
    "manage.resubmit_listing": (lambda w: f"/manage/centers/{w.extra['returned'].slug}/resubmit", {},
                                lambda w: _status(w, "returned") == "pending",
                                ("login", 404, 404, 404, 404, "done")),
    "admin.approve_listing": (lambda w: f"/admin/listings/{w.extra['pending'].slug}/approve", {"version": "1"},
                              lambda w: _status(w, "pending") == "published",
                              ("login", 403, 403, 403, 403, "done")),
    "admin.return_listing": (lambda w: f"/admin/listings/{w.extra['pending'].slug}/return",
                             {"version": "1", "reason": "Add the street number"},
                             lambda w: _status(w, "pending") == "draft",
                             ("login", 403, 403, 403, 403, "done")),
    "admin.suspend_listing": (lambda w: f"/admin/listings/{w.center.slug}/suspend", {"reason": "Unsafe practices"},
                              lambda w: db.session.scalar(select(Center.status).where(Center.id == w.center.id))
                              == "suspended",
                              ("login", 403, 403, 403, 403, "done")),
    "admin.unsuspend_listing": (lambda w: f"/admin/listings/{w.extra['suspended'].slug}/unsuspend", {"note": ""},
                                lambda w: _status(w, "suspended") == "published",
                                ("login", 403, 403, 403, 403, "done")),
}


def build(factories, world) -> None:
    submitter = factories.user()
    world.extra["pending"] = factories.center(status="pending", submitted_by_id=submitter.id, phone="021 1111 2222",
                                              whatsapp=None)
    world.extra["returned"] = factories.center(status="draft", status_reason="Wrong pin", submitted_by_id=submitter.id)
    factories.manager(world.extra["returned"], submitter)
    world.extra["suspended"] = factories.center(status="suspended", status_reason="Complaints")
