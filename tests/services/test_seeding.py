"""The sample data loads, is complete enough to demo, and loading it twice changes nothing."""
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from directory import PROJECT_ROOT
from directory.extensions import db
from directory.models import Center, CenterService, Credential, OpeningHours, Review, Service, Therapist, User
from directory.services.seeding import SeedError, load_seeds

SEEDS = PROJECT_ROOT / "seeds"
MODELS = (Center, CenterService, OpeningHours, Therapist, Credential, Review, Service, User)


def counts():
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in MODELS}


def test_loading_twice_gives_the_same_counts(app):
    load_seeds(db.session, SEEDS, timezone="Asia/Karachi")
    db.session.commit()
    first = counts()
    load_seeds(db.session, SEEDS, timezone="Asia/Karachi")
    db.session.commit()
    assert counts() == first
    assert first["Center"] >= 40 and first["Review"] >= 150 and first["Service"] >= 10


def test_sample_data_covers_what_the_demo_needs(seeded_app):
    with seeded_app.app_context():
        centers = list(db.session.scalars(select(Center)))
        names = {center.name for center in centers}
        assert {"Serena Hotel Spa", "The Royal Spa", "The Raintree Spa", "Alkhidmat Raazi Hospital",
                "Aura Grande Spa"} <= names
        karachi_areas = {center.area for center in centers if center.city == "Karachi"}
        assert sum(center.city == "Karachi" for center in centers) >= 25 and len(karachi_areas) >= 10
        assert sum(center.city in {"Lahore", "Islamabad", "Rawalpindi"} for center in centers) >= 10
        for center in centers:
            assert len(center.menu) >= 3, center.slug
            assert center.hours, center.slug
            assert center.therapists, center.slug
        today = date(2026, 11, 21)
        statuses = {c.status_on(today) for c in db.session.scalars(select(Credential))}
        assert {"verified", "pending", "expired"} <= statuses
        assert len({r.rating for r in db.session.scalars(select(Review))}) == 5


def test_reviews_from_the_sample_files_all_land(seeded_app):
    expected = sum(len(json.loads(path.read_text())) for path in (SEEDS / "reviews").glob("*.json"))
    with seeded_app.app_context():
        assert db.session.scalar(select(func.count(Review.id))) == expected
        totals = db.session.execute(select(func.sum(Center.rating_count), func.sum(Center.rating_sum))).one()
        assert totals == (expected, db.session.scalar(select(func.sum(Review.rating))))


def test_bad_seed_file_names_the_record(app, tmp_path):
    (tmp_path / "centers").mkdir()
    (tmp_path / "reviews").mkdir()
    (tmp_path / "services.json").write_text('[{"slug": "swedish", "name": "Swedish"}]')
    (tmp_path / "centers" / "bad.json").write_text(json.dumps([{
        "slug": "broken", "name": "Broken", "kind": "day_spa", "address": "x", "city": "Karachi", "lat": 24.8,
        "lng": 67.0, "gender_policy": "mixed", "menu": [], "hours": {"mon": ["ten till late"]}}]))
    with pytest.raises(SeedError, match=r"bad.json record 0 \(broken\)"):
        load_seeds(db.session, tmp_path, timezone="Asia/Karachi")
