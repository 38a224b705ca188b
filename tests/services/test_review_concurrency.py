"""Parallel writers: aggregates stay equal to a recount, and concurrent duplicates give one row and clear errors.

Runs on the file SQLite database of the `app` fixture, and on PostgreSQL when SUKOON_TEST_BACKEND=postgresql.
"""
import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import Center, Review, User
from directory.services.reviews.authoring import delete_review, edit_review, post_review
from directory.services.reviews.rules import ReviewError, ReviewLimits

from ..reviewing import BODY, review_data


def run_together(app, jobs: list[Callable[[], None]]) -> tuple[list[ReviewError], list[BaseException]]:
    """Run each job in its own thread, app context and session, all released at once."""
    barrier = threading.Barrier(len(jobs))
    refusals: list[ReviewError] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def worker(job):
        with app.app_context():
            barrier.wait()
            try:
                job()
                db.session.commit()
            except ReviewError as error:
                db.session.rollback()
                with lock:
                    refusals.append(error)
            except BaseException as error:  # noqa: BLE001  (any other error fails the test, with its cause)
                db.session.rollback()
                with lock:
                    failures.append(error)

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return refusals, failures


def recount(center_id: int) -> tuple[int, int, dict[int, int]]:
    published = (Review.center_id == center_id) & (Review.status == "published")
    count, total = db.session.execute(select(func.count(Review.id), func.coalesce(func.sum(Review.rating), 0))
                                      .where(published)).one()
    histogram = dict(db.session.execute(select(Review.rating, func.count(Review.id)).where(published)
                                        .group_by(Review.rating)).all())
    return count, total, {stars: histogram.get(stars, 0) for stars in range(5, 0, -1)}


def post_job(author_id: int, center_id: int, rating: int, limits: ReviewLimits):
    def job():
        post_review(db.session, db.session.get(User, author_id), db.session.get(Center, center_id),
                    review_data(rating=rating, body=f"{BODY} Writer {author_id}."), limits=limits)
    return job


def edit_job(review_id: int, rating: int):
    def job():
        review = db.session.get(Review, review_id)
        edit_review(db.session, review.author, review, review_data(rating=rating, body=f"{BODY} Edited {review_id}."))
    return job


def delete_job(review_id: int):
    def job():
        review = db.session.get(Review, review_id)
        delete_review(db.session, review.author, review)
    return job


@pytest.mark.parametrize("burst", [1000, 20], ids=["no-burst-limit", "burst-holds-some"])
def test_fifty_concurrent_posts_with_edits_and_deletes_keep_aggregates_exact(app, factories, burst):
    center = factories.center()
    earlier = [factories.review(center, rating=3, body=f"{BODY} Earlier {n}.") for n in range(10)]
    writers = [factories.user() for _ in range(50)]
    center_id, writer_ids = center.id, [writer.id for writer in writers]
    earlier_ids = [review.id for review in earlier]
    db.session.remove()  # the test's own session must hold nothing while the writers run

    limits = ReviewLimits(per_day=10, burst_count=burst, burst_minutes=10)
    jobs = [post_job(author_id, center_id, 1 + n % 5, limits) for n, author_id in enumerate(writer_ids)]
    jobs += [edit_job(review_id, 5) for review_id in earlier_ids[:5]]
    jobs += [delete_job(review_id) for review_id in earlier_ids[5:]]
    refusals, failures = run_together(app, jobs)

    assert failures == [] and refusals == []
    center = db.session.get(Center, center_id)
    assert (center.rating_count, center.rating_sum, center.histogram) == recount(center_id)
    assert db.session.scalar(select(func.count(Review.id)).where(Review.center_id == center_id)) == 60
    if burst == 1000:
        assert center.rating_count == 55  # 50 new + 5 edited; 5 deleted
        assert center.rating_sum == sum(1 + n % 5 for n in range(50)) + 5 * 5
    else:
        assert db.session.scalar(select(func.count(Review.id)).where(Review.status == "held")) > 0


def test_ten_concurrent_duplicates_by_one_member_give_one_review_and_clear_errors(app, factories):
    center, member = factories.center(), factories.user()
    center_id, member_id = center.id, member.id
    db.session.remove()

    limits = ReviewLimits(per_day=20, burst_count=1000, burst_minutes=10)
    refusals, failures = run_together(app, [post_job(member_id, center_id, 4, limits) for _ in range(10)])

    assert failures == []
    assert len(refusals) == 9
    assert all(error.message.startswith("You have already reviewed this center") for error in refusals)
    assert db.session.scalar(select(func.count(Review.id)).where(Review.center_id == center_id)) == 1
    center = db.session.get(Center, center_id)
    assert (center.rating_count, center.rating_sum) == recount(center_id)[:2] == (1, 4)
