"""Rating aggregates: kept on the center row, recomputed in one statement, ranked by a Bayesian average."""
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ...models import Center, Review, ReviewStatus

PRIOR_MEAN = 3.5  # what we assume of a center before its reviews say otherwise
PRIOR_WEIGHT = 5  # ...worth this many reviews


def bayesian_rating():
    """SQL expression ranking centers so one 5-star review does not beat forty 4.8s.

    The database computes it as Center.bayes_score (models/center_index.py BAYES_SCORE_SQL, with these constants
    frozen in migration 0016_rank_columns) and indexes it with status, so "top rated" is an index scan.
    """
    return Center.bayes_score


def bayesian_rating_expression():
    """The same score computed from the rating columns (what the generated column must equal; tests compare)."""
    return (PRIOR_MEAN * PRIOR_WEIGHT + Center.rating_sum) / (PRIOR_WEIGHT + Center.rating_count)


def recompute_rating(session: Session, center_id: int) -> None:
    """Rewrite a center's count, sum and histogram from its published reviews in a single UPDATE."""
    published = (Review.center_id == center_id) & (Review.status == ReviewStatus.PUBLISHED)

    def count(*conditions):
        return select(func.count(Review.id)).where(published, *conditions).scalar_subquery()

    values = {
        "rating_count": count(),
        "rating_sum": select(func.coalesce(func.sum(Review.rating), 0)).where(published).scalar_subquery(),
        **{f"rating_{stars}": count(Review.rating == stars) for stars in range(1, 6)},
    }
    session.execute(update(Center).where(Center.id == center_id).values(**values))
