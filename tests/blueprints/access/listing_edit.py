"""Access rows for editing a listing (details, location, menu, hours, closures, confirm): its managers and admins."""
from datetime import date, timedelta

from sqlalchemy import func, inspect, select

from directory.extensions import db
from directory.models import Center, CenterService, OpeningHours, SpecialClosure

MANAGE = ("login", 404, 404, "done", 404, "done")
_WORLD: dict = {}


class WithVersion(dict):
    """Form data that adds the listing version as the page would show it when the POST is made.

    Other features' build() may save the center after ours ran, so the version is read at request time.
    """

    def __init__(self, data: dict, key: str = "version"):
        super().__init__({**data, key: ""})  # never empty: the test client sends no body for an empty dict
        self.key = key

    def items(self):
        version = db.session.scalar(select(Center.version).where(Center.id == _WORLD["center_id"]))
        return [*((k, v) for k, v in super().items() if k != self.key), (self.key, str(version))]


def _id(row) -> int:
    """The row's primary key without loading it (it may have been deleted by the request)."""
    return inspect(row).identity[0]


def _center(world, column):
    return db.session.scalar(select(column).where(Center.id == world.center.id))


def _line(world, column):
    return db.session.scalar(select(column).where(CenterService.id == _id(world.extra["menu_line"])))


def _closures(world) -> int:
    return db.session.scalar(select(func.count()).select_from(SpecialClosure)
                             .where(SpecialClosure.center_id == world.center.id))


def _base(world) -> str:
    return f"/manage/centers/{world.center.slug}"


SOON = date.today() + timedelta(days=30)
LINE = {"duration_min": "60", "price_pkr": "4500", "description": ""}
DAYS = {f"{day}-opens_1": "10:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")} | {
    f"{day}-closes_1": "21:30" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}

ROWS = {
    "manage.edit_details": (lambda w: f"{_base(w)}/details", WithVersion({
        "name": "Renamed by table", "kind": "day_spa", "address": "1 Table Road", "area": "Clifton", "city": "Karachi",
        "gender_policy": "mixed", "phone": "+92 21 1111 2222"}),
        lambda w: _center(w, Center.name) == "Renamed by table", MANAGE),
    "manage.edit_location": (lambda w: f"{_base(w)}/location",
                             WithVersion({"latitude": "24.9", "longitude": "67.1", "save": "1"}),
                             lambda w: _center(w, Center.latitude) == 24.9, MANAGE),
    "manage.menu_add": (lambda w: f"{_base(w)}/menu/add", WithVersion({}),
                        lambda w: db.session.scalar(select(func.count()).select_from(CenterService).where(
                            CenterService.name == "Added by table")) > 0, MANAGE),
    "manage.menu_update": (lambda w: f"{_base(w)}/menu/{w.extra['menu_line'].id}", WithVersion({}),
                           lambda w: _line(w, CenterService.name) == "Updated by table", MANAGE),
    "manage.menu_delete": (lambda w: f"{_base(w)}/menu/{w.extra['menu_line'].id}/delete", WithVersion({}),
                           lambda w: _line(w, CenterService.id) is None, MANAGE),
    "manage.edit_hours": (lambda w: f"{_base(w)}/hours", WithVersion(DAYS),
                          lambda w: db.session.scalar(select(func.count()).select_from(OpeningHours).where(
                              OpeningHours.center_id == w.center.id)) == 7, MANAGE),
    "manage.closure_add": (lambda w: f"{_base(w)}/closures/add",
                           WithVersion({"closure-starts_on": SOON.isoformat(), "closure-reason": "Table holiday"},
                                       key="closure-version"),
                           lambda w: _closures(w) > 1, MANAGE),
    "manage.closure_delete": (lambda w: f"{_base(w)}/closures/{w.extra['closure'].id}/delete", WithVersion({}),
                              lambda w: _closures(w) == 0, MANAGE),
    "manage.confirm_listing": (lambda w: f"{_base(w)}/confirm", WithVersion({"confirm-back": "menu"},
                                                                            key="confirm-version"),
                               lambda w: _center(w, Center.confirmed_at) is not None, MANAGE),
}


def build(factories, world) -> None:
    service = factories.service(name="Table Massage")
    line = CenterService(center_id=world.center.id, service_id=service.id, name="Table line", duration_min=60,
                         price_pkr=3000)
    closure = SpecialClosure(center_id=world.center.id, starts_on=SOON + timedelta(days=30),
                             ends_on=SOON + timedelta(days=31), reason="Table closure")
    db.session.add_all([line, closure])
    db.session.commit()
    world.extra["menu_line"], world.extra["closure"] = line, closure
    _WORLD["center_id"] = world.center.id
    ROWS["manage.menu_add"][1].update(LINE, service_id=str(service.id), name="Added by table")
    ROWS["manage.menu_update"][1].update(LINE, service_id=str(service.id), name="Updated by table")
