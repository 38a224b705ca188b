"""Facts remembered for a few minutes (services/remembered.py): kept per database, recomputed when old."""
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from directory.extensions import db
from directory.services import remembered
from directory.services.remembered import Remembered


def test_a_fact_is_computed_once_then_again_when_too_old(app, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(remembered.clock, "monotonic", lambda: now[0])
    facts, computed = Remembered(seconds=300, limit=10), []

    def count():
        computed.append(1)
        return len(computed)

    assert facts.get(db.session, "centers", count) == 1
    now[0] += 299
    assert facts.get(db.session, "centers", count) == 1  # remembered
    now[0] += 2
    assert facts.get(db.session, "centers", count) == 2  # five minutes old: asked again
    facts.forget()
    assert facts.get(db.session, "centers", count) == 3


def test_facts_are_kept_per_database_and_bounded(app, tmp_path):
    facts = Remembered(seconds=300, limit=3)
    other = Session(create_engine(f"sqlite:///{tmp_path / 'other.db'}"))
    assert facts.get(db.session, "zones", lambda: ["Asia/Karachi"]) == ["Asia/Karachi"]
    assert facts.get(other, "zones", lambda: ["Europe/London"]) == ["Europe/London"]  # not the first database's
    for key in range(5):  # more keys than the limit: the oldest are let go, the answers stay right
        assert facts.get(db.session, key, lambda key=key: key * 10) == key * 10
    assert len(facts._kept) <= 3
    facts.forget()
    assert facts.get(db.session, "zones", lambda: ["recomputed"]) == ["recomputed"]
    other.close()
