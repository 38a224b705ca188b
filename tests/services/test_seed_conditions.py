"""The conditions catalog and therapists' languages and focus conditions load from seeds/, the same every time."""
import json

import pytest
from sqlalchemy import func, select

from directory import PROJECT_ROOT
from directory.extensions import db
from directory.models import Condition, ConditionService, Therapist, therapist_conditions
from directory.services.seeding import SeedError, load_seeds

SEEDS = PROJECT_ROOT / "seeds"
REQUIRED = {"lower-back-pain", "upper-back-neck-tension", "sciatica", "fibromyalgia", "arthritis", "scoliosis",
            "desk-posture-strain", "sports-strain-recovery", "pregnancy-aches", "stress-poor-sleep",
            "tension-headache"}


def snapshot():
    count = {table.name: db.session.scalar(select(func.count()).select_from(table))
             for table in (Condition.__table__, ConditionService.__table__, therapist_conditions)}
    languages = dict(db.session.execute(select(Therapist.slug, Therapist.languages)).all())
    focus = sorted(db.session.execute(select(therapist_conditions.c.therapist_id, therapist_conditions.c.condition_id)))
    return count, languages, focus


def test_seeding_twice_gives_the_same_conditions_languages_and_focus(app):
    counts = load_seeds(db.session, SEEDS, timezone="Asia/Karachi")
    db.session.commit()
    first = snapshot()
    load_seeds(db.session, SEEDS, timezone="Asia/Karachi")
    db.session.commit()
    assert snapshot() == first
    assert counts["conditions"] == first[0]["conditions"] == len(json.loads((SEEDS / "conditions.json").read_text()))
    assert first[0]["therapist_conditions"] > 0


def test_catalog_covers_the_issue_list_with_ranked_types_and_red_flags(seeded_app):
    with seeded_app.app_context():
        conditions = {c.slug: c for c in db.session.scalars(select(Condition))}
        assert REQUIRED <= conditions.keys()
        sciatica = conditions["sciatica"]
        assert "siatica" in sciatica.synonyms["en"] and "عرق النسا" in sciatica.synonyms["ur"]
        assert [item.rank for item in sciatica.services] == list(range(1, len(sciatica.services) + 1))
        assert sciatica.services[0].service.slug == "trigger-point" and sciatica.services[0].why
        assert "kamar dard" in conditions["lower-back-pain"].synonyms["roman_ur"]
        assert all(c.red_flags and c.tell_therapist and c.wait_if for c in conditions.values())


def test_every_seeded_therapist_speaks_urdu_and_focus_follows_their_specialties(seeded_app):
    with seeded_app.app_context():
        therapists = list(db.session.scalars(select(Therapist)))
        assert all(t.languages[0] == "ur" and set(t.languages) <= {"ur", "en", "sd", "pa", "ps"} for t in therapists)
        assert {"en", "sd", "pa"} <= {lang for t in therapists for lang in t.languages}
        prenatal = [t for t in therapists if "prenatal" in {s.slug for s in t.specialties}]
        assert prenatal and all("pregnancy-aches" in {c.slug for c in t.conditions} for t in prenatal)
        assert all(len(t.conditions) <= 4 for t in therapists)


def test_a_condition_naming_an_unknown_massage_type_is_refused_with_the_file(app, tmp_path):
    (tmp_path / "centers").mkdir()
    (tmp_path / "reviews").mkdir()
    (tmp_path / "services.json").write_text('[{"slug": "swedish", "name": "Swedish"}]')
    (tmp_path / "conditions.json").write_text(json.dumps([{"slug": "x", "name": "X",
                                                           "services": [{"slug": "reiki", "why": "?"}]}]))
    with pytest.raises(SeedError, match=r"conditions.json: unknown massage types \['reiki'\]"):
        load_seeds(db.session, tmp_path, timezone="Asia/Karachi")
