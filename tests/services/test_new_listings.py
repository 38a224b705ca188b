"""Listing services: duplicates, slugs, locating an address, submitting, and the admin decisions' state rules."""
from datetime import datetime

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.geo.gazetteer import Place
from directory.models import AuditEntry, CenterManager, ReviewFlag
from directory.services.listings.duplicates import find_duplicates, name_key, phone_key, similar_names
from directory.services.listings.status import (
    ListingError,
    approve_listing,
    return_listing,
    suspend_listing,
    unsuspend_listing,
)
from directory.services.listings.submission import (
    NewListing,
    PossibleDuplicates,
    UnverifiedSubmitter,
    locate,
    submit_listing,
    submit_new_listing,
    unique_slug,
)
from directory.services.listings.versions import StaleEdit
from directory.services.queues import queue_counts


@pytest.mark.parametrize("raw", ["+92 321 4478102", "0321-4478102", "0092 321 4478102", "92 321 4478102",
                                 "(0321) 447.8102", "3214478102"])
def test_phone_numbers_are_compared_as_national_numbers(raw):
    assert phone_key(raw) == "3214478102"


def test_short_or_empty_numbers_never_match():
    assert phone_key("") == phone_key(None) == phone_key("1122") == ""


def test_names_are_compared_without_case_punctuation_or_generic_words():
    assert name_key("The Royal Spa & Massage Centre!") == "royal"
    assert similar_names("Raintree", "The Raintree Spa")
    assert similar_names("Rain Tree Day Spa", "The Raintree Spa")
    assert similar_names("Zen Garden Spa", "Zen Gardens")
    assert not similar_names("Royal Spa", "Loyal Touch")
    assert not similar_names("The Spa", "Serenity Spa")


def raintree_like(session, **overrides):
    """A candidate next to the seeded Raintree Spa in Clifton."""
    values = {"name": "Raintree Day Spa", "latitude": 24.8155, "longitude": 67.0290, "phones": ["021 1234 5678"]}
    return find_duplicates(session, **{**values, **overrides})


def test_seeded_listing_found_by_a_similar_name_nearby(seeded_app):
    with seeded_app.app_context():
        found = raintree_like(db.session)
        assert [d.center.slug for d in found] == ["the-raintree-spa"]
        assert found[0].reasons[0].startswith("Similar name") and found[0].distance_km < 0.1
        assert raintree_like(db.session, latitude=24.90, longitude=67.10) == []  # 10 km off: another center
        assert raintree_like(db.session, name="Harbour Hands") == []


def test_seeded_listing_found_by_its_whatsapp_number_anywhere(seeded_app):
    with seeded_app.app_context():
        found = raintree_like(db.session, name="Something Else", latitude=31.5, longitude=74.3,
                              phones=["0321-4478102", None])
        assert [(d.center.slug, d.reasons) for d in found] == [("the-raintree-spa",
                                                                ["Same phone or WhatsApp number"])]


def test_deleted_listings_and_the_listing_itself_are_not_duplicates(factories):
    gone = factories.center(name="Royal Spa", status="deleted")
    kept = factories.center(name="Royal Spa", phone="021 5555 6666", whatsapp=None)
    found = find_duplicates(db.session, name="Royal", latitude=kept.latitude, longitude=kept.longitude, phones=[],
                            exclude_id=kept.id)
    assert found == [] and gone.id


def test_slugs_come_from_name_and_area_and_stay_unique(factories):
    assert unique_slug(db.session, "Zen Café & Spa!", "DHA Phase 6") == "zen-cafe-spa-dha-phase-6"
    factories.center(slug="zen-cafe-spa-dha-phase-6")
    factories.center(slug="zen-cafe-spa-dha-phase-6-2")
    assert unique_slug(db.session, "Zen Café & Spa!", "DHA Phase 6") == "zen-cafe-spa-dha-phase-6-3"
    assert unique_slug(db.session, "مساج", "") == "center"


def test_locate_tries_the_address_then_the_area_and_refuses_a_whole_city():
    asked = []

    def geocode(text):
        asked.append(text)
        return {"Clifton, Karachi": Place(24.81, 67.03, "Clifton, Karachi", "neighbourhood"),
                "Nowhere, Karachi": Place(24.86, 67.01, "Karachi", "city")}.get(text)

    assert locate(geocode, "Plot 9", "Clifton", "Karachi").label == "Clifton, Karachi"
    assert asked == ["Plot 9, Clifton, Karachi", "Clifton, Karachi"]
    assert locate(geocode, "", "Nowhere", "Karachi") is None


def new_listing(**overrides) -> NewListing:
    values = {"name": "  Lotus Leaf\x00 ", "kind": "day_spa", "address": "Plot 9", "area": "Clifton",
              "city": "Karachi", "phone": "021 3512 7788", "whatsapp": "", "email": "", "gender_policy": "mixed",
              "description": "Quiet.", "latitude": 24.81, "longitude": 67.03}
    return NewListing(**{**values, **overrides})


def test_submitting_makes_a_pending_listing_its_submitter_manages(factories):
    user = factories.user()
    center = submit_listing(db.session, user, new_listing())
    db.session.commit()
    assert (center.name, center.status, center.submitted_by_id, center.whatsapp) == (
        "Lotus Leaf", "pending", user.id, None)
    assert db.session.scalar(select(CenterManager.user_id).where(CenterManager.center_id == center.id)) == user.id


def test_submitting_refuses_unverified_members_bad_choices_and_too_many_pending(factories):
    with pytest.raises(ListingError, match="Confirm your email"):
        submit_listing(db.session, factories.user(verified=False), new_listing())
    user = factories.user()
    with pytest.raises(ListingError, match="Choose one"):
        submit_listing(db.session, user, new_listing(kind="palace"))
    for n in range(5):
        submit_listing(db.session, user, new_listing(name=f"Place {n}"))
    with pytest.raises(ListingError, match="5 listings waiting"):
        submit_listing(db.session, user, new_listing(name="One more"))
    submit_listing(db.session, factories.user(role="admin"), new_listing(name="Admins have no cap"))


def test_a_new_listing_is_placed_by_the_geocoder_and_checked_for_duplicates(factories):
    clifton = Place(24.8138, 67.03, "Clifton, Karachi", "neighbourhood")
    user = factories.user()
    with pytest.raises(UnverifiedSubmitter):
        submit_new_listing(db.session, factories.user(verified=False), new_listing(), lambda text: clifton)
    with pytest.raises(ListingError, match="could not find this address") as refused:
        submit_new_listing(db.session, user, new_listing(latitude=None, longitude=None), lambda text: None)
    assert refused.value.field == "latitude"
    submitted = submit_new_listing(db.session, user, new_listing(latitude=None, longitude=None), lambda text: clifton)
    assert (submitted.center.latitude, submitted.center.longitude, submitted.located) == (24.8138, 67.03,
                                                                                          "Clifton, Karachi")
    with pytest.raises(PossibleDuplicates) as refused:
        submit_new_listing(db.session, user, new_listing(), lambda text: clifton)
    assert [duplicate.center for duplicate in refused.value.duplicates] == [submitted.center]
    again = submit_new_listing(db.session, user, new_listing(), lambda text: clifton, different_center=True)
    assert again.located is None and (again.center.latitude, again.center.longitude) == (24.81, 67.03)


def test_admin_decisions_follow_the_listing_states(factories):
    admin, member = factories.user(role="admin"), factories.user()
    center = factories.center(status="pending")
    with pytest.raises(ListingError, match="Only administrators"):
        approve_listing(db.session, member, center)
    with pytest.raises(ListingError, match="Only a published listing"):
        suspend_listing(db.session, admin, center, "Bad")
    with pytest.raises(ListingError, match="Write the reason"):
        return_listing(db.session, admin, center, "  ")
    with pytest.raises(StaleEdit):
        approve_listing(db.session, admin, center, version="7")
    approve_listing(db.session, admin, center, version=str(center.version))
    db.session.commit()
    assert center.status == "published" and center.confirmed_at is not None
    with pytest.raises(ListingError, match="This one is now: published"):
        approve_listing(db.session, admin, center)
    suspend_listing(db.session, admin, center, "Complaints about hygiene")
    db.session.commit()
    assert (center.status, center.status_reason) == ("suspended", "Complaints about hygiene")
    unsuspend_listing(db.session, admin, center)
    db.session.commit()
    assert (center.status, center.status_reason) == ("published", "")
    actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["center.approved", "center.suspended", "center.unsuspended"]


def test_queue_counts(factories):
    factories.center(status="pending")
    factories.center(status="suspended")
    counts = queue_counts(db.session)
    assert (counts["listings"], counts["suspended"], counts["deleted"], counts["claims"]) == (1, 1, 0, 0)
    assert set(counts) == {"claims", "listings", "suspended", "deleted", "credentials", "reports", "reviews"}


def test_the_review_queue_counts_held_reviews_and_published_ones_with_an_open_flag_once(factories):
    center = factories.center()
    factories.review(center, status="held")
    flagged_twice, resolved, hidden = (factories.review(center), factories.review(center),
                                       factories.review(center, status="hidden"))
    factories.review(center)  # published, never flagged
    for review, resolved_at in ((flagged_twice, None), (flagged_twice, None), (resolved, datetime(2026, 1, 1)),
                                (hidden, None)):
        db.session.add(ReviewFlag(review_id=review.id, user_id=factories.user().id, reason="fake",
                                  resolved_at=resolved_at))
    db.session.commit()
    assert queue_counts(db.session)["reviews"] == 2  # the held one, and the published one with two open flags
