"""Rating aggregates come from published reviews only; ranking uses a Bayesian average."""
from sqlalchemy import select

from directory.extensions import db
from directory.models import Center
from directory.services.centers import featured_centers
from directory.services.reviews.ratings import bayesian_rating, recompute_rating


def test_aggregates_count_only_published_reviews(factories):
    center = factories.center()
    for stars in (5, 4, 4, 2):
        factories.review(center, rating=stars)
    factories.review(center, rating=1, status="hidden")
    recompute_rating(db.session, center.id)
    db.session.commit()
    db.session.refresh(center)
    assert (center.rating_count, center.rating_sum, center.rating) == (4, 15, 3.8)
    assert center.histogram == {5: 1, 4: 2, 3: 0, 2: 1, 1: 0}


def test_one_five_star_review_does_not_beat_forty_great_ones(factories):
    lucky = factories.center(name="Lucky")
    for _ in range(1):
        factories.review(lucky, rating=5)
    steady = factories.center(name="Steady")
    for index in range(40):
        factories.review(steady, rating=5 if index % 5 else 4)
    ranked = list(db.session.scalars(select(Center).order_by(bayesian_rating().desc())))
    assert ranked[0].name == "Steady"
    assert [c.name for c in featured_centers(db.session)] == ["Steady", "Lucky"]
