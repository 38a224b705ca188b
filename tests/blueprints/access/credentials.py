"""Access rows for therapists and credentials (managers of the center, admins) and the admin credential decisions."""
from sqlalchemy import func, inspect, select

from directory.extensions import db
from directory.models import Credential, Therapist

MANAGE = ("login", 404, 404, "done", 404, "done")
ADMIN = ("login", 403, 403, 403, 403, "done")


def _id(row) -> int:
    """The row's primary key without loading it (it may have been deleted by the request)."""
    return inspect(row).identity[0]


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _therapist(world, column):
    return db.session.scalar(select(column).where(Therapist.id == _id(world.extra["therapist"])))


def _credential(world, column):
    return db.session.scalar(select(column).where(Credential.id == _id(world.extra["credential"])))


def _base(world) -> str:
    return f"/manage/centers/{world.center.slug}/therapists"


def _one(world) -> str:
    return f"{_base(world)}/{world.extra['therapist'].id}"


def _cred(world) -> str:
    return f"{_one(world)}/credentials/{world.extra['credential'].id}"


CREDENTIAL = {"kind": "certification", "issuer": "Table Issuer", "number": "T-1", "issued_on": "2024-01-01",
              "valid_until": "2030-01-01"}

ROWS = {
    "manage.therapist_add": (lambda w: f"{_base(w)}/new",
                             {"name": "Added by table", "gender": "female", "years_practice": "3"},
                             lambda w: _count(Therapist, Therapist.name == "Added by table") > 0, MANAGE),
    "manage.therapist_edit": (lambda w: f"{_one(w)}/edit",
                              {"name": "Renamed", "gender": "male", "years_practice": "4", "languages": ["ur", "ps"]},
                              lambda w: _therapist(w, Therapist.name) == "Renamed"
                              and _therapist(w, Therapist.languages) == ["ur", "ps"], MANAGE),
    "manage.therapist_delete": (lambda w: f"{_one(w)}/delete", {},
                                lambda w: _therapist(w, Therapist.id) is None, MANAGE),
    "manage.credential_add": (lambda w: f"{_one(w)}/credentials/new", dict(CREDENTIAL),
                              lambda w: _count(Credential, Credential.issuer == "Table Issuer") > 0, MANAGE),
    "manage.credential_edit": (lambda w: f"{_cred(w)}/edit", {**CREDENTIAL, "issuer": "Edited Issuer"},
                               lambda w: _credential(w, Credential.issuer) == "Edited Issuer", MANAGE),
    "manage.credential_delete": (lambda w: f"{_cred(w)}/delete", {},
                                 lambda w: _credential(w, Credential.id) is None, MANAGE),
    "admin.verify_credential": (lambda w: f"/admin/credentials/{w.extra['credential'].id}/verify",
                                {"method": "document_reviewed"},
                                lambda w: _credential(w, Credential.status) == "verified", ADMIN),
    "admin.reject_credential": (lambda w: f"/admin/credentials/{w.extra['credential'].id}/reject",
                                {"reason": "The number is not in the issuer's register."},
                                lambda w: _credential(w, Credential.status) == "rejected", ADMIN),
}


def build(factories, world) -> None:
    therapist = factories.therapist(world.center, name="Table Therapist")
    world.extra["therapist"] = therapist
    world.extra["credential"] = factories.credential(therapist, issuer="Table Original")
    db.session.refresh(world.center)
    for endpoint, (_url, data, _changed, _expected) in ROWS.items():
        if endpoint.startswith("manage."):
            data["version"] = str(world.center.version)  # the version the manager's page showed
