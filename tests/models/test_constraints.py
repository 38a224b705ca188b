"""The database itself refuses impossible rows, whatever code writes them."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from directory.extensions import db
from directory.models import Center, CenterService, Review, User


def assert_refused(instance):
    db.session.add(instance)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_slug_is_unique(factories):
    factories.center(slug="the-raintree-spa")
    assert_refused(Center(slug="the-raintree-spa", name="Copy", address="x", city="Karachi", latitude=24.8,
                          longitude=67.0))


@pytest.mark.parametrize("latitude, longitude", [(90.5, 67.0), (-91, 67.0), (24.8, 180.01), (24.8, -200)])
def test_coordinates_outside_the_globe_are_refused(app, latitude, longitude):
    assert_refused(Center(slug="bad-coords", name="Bad", address="x", city="Karachi", latitude=latitude,
                          longitude=longitude))


@pytest.mark.parametrize("latitude, longitude", [(90, 180), (-90, -180), (0, 0)])
def test_coordinates_on_the_edges_are_accepted(factories, latitude, longitude):
    center = factories.center(latitude=latitude, longitude=longitude)
    assert center.id is not None


@pytest.mark.parametrize("minutes, price", [(60, 0), (60, -500), (0, 5000), (-30, 5000), (601, 5000)])
def test_menu_needs_positive_price_and_duration(factories, minutes, price):
    center = factories.center()
    service = factories.service()
    assert_refused(CenterService(center=center, service=service, name="x", duration_min=minutes, price_pkr=price))


def test_price_per_hour_is_derived_by_the_database(factories):
    service = factories.service()
    center = factories.center(menu=[(service, 90, 9000), (service, 45, 5000), (service, 60, 4200)])
    assert [item.price_per_hour for item in center.menu] == [6000, 6667, 4200]


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_review_rating_must_be_one_to_five(factories, rating):
    center, author = factories.center(), factories.user()
    assert_refused(Review(center=center, author=author, rating=rating))


def test_one_review_per_member_per_center(factories):
    center, author = factories.center(), factories.user()
    factories.review(center, author=author)
    assert_refused(Review(center=center, author=author, rating=3))


def test_email_is_unique_whatever_its_case(factories):
    factories.user(email="Sana@Example.com")
    assert_refused(User(email="sana@example.COM", display_name="Sana again"))


def test_email_index_refuses_raw_mixed_case_duplicates(factories):
    factories.user(email="hamza@example.com")
    with pytest.raises(IntegrityError):
        db.session.execute(text("INSERT INTO users (email, display_name, role, created_at, session_version, "
                                "is_sample) VALUES ('HAMZA@example.com', 'H', 'member', CURRENT_TIMESTAMP, 1, false)"))
    db.session.rollback()


def test_unknown_kind_is_refused(app):
    assert_refused(Center(slug="odd", name="Odd", kind="casino", address="x", city="Karachi", latitude=24.8,
                          longitude=67.0))


def test_latitude_band_follows_latitude(factories):
    center = factories.center(latitude=-33.87)
    assert center.lat_band == -6774  # 0.005-degree bands
    center.latitude = 24.86
    assert center.lat_band == 4972
