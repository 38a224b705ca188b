"""The stars a card shows and the order the rating sort uses are one rounding (half up), in Python and in SQL."""
from sqlalchemy import select

from directory.extensions import db
from directory.models import Center
from directory.services.search_sorts import shown_rating


def test_card_rating_and_sort_key_round_the_same_way(app, factories):
    center = factories.center(name="Ties")
    cases = [(17, 4), (13, 3), (43, 10), (5, 1), (87, 20), (9, 2), (1, 1), (449, 100)]  # 4.25, 4.33, 4.3, ...
    for total, count in cases:
        center.rating_sum, center.rating_count = total, count
        db.session.commit()
        in_sql = db.session.scalar(select(shown_rating()).where(Center.id == center.id))
        assert center.rating == in_sql / 10
        assert abs(center.rating - total / count) <= 0.05 + 1e-9
    assert (center.rating_sum, center.rating_count, center.rating) == (449, 100, 4.5)
    center.rating_sum, center.rating_count = 17, 4
    assert center.rating == 4.3  # half up, as people round, not 4.2
