"""The review form's optional "Who treated you?": a therapist of the reviewed center, shown on the review."""
import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import Review, Therapist

from ...reviewing import BODY, sign_in


def form(**overrides) -> dict:
    return {"rating": "4", "title": "Relaxing visit", "body": BODY, **overrides}


@pytest.fixture
def center(factories):
    center = factories.center(name="Calm Spa")
    factories.therapist(center, name="Ayesha Khan")
    return center


def test_the_form_offers_the_centers_therapists_and_the_review_names_one(client, auth, factories, center):
    factories.therapist(factories.center(), name="Elsewhere Person")
    ayesha = center.therapists[0]
    sign_in(auth, factories.user())
    page = client.get(f"/centers/{center.slug}/reviews/new").get_data(as_text=True)
    assert ">Who treated you?</label>" in page and f'value="{ayesha.id}">Ayesha Khan</option>' in page
    assert "Elsewhere Person" not in page
    response = client.post(f"/centers/{center.slug}/reviews/new", data=form(therapist_id=str(ayesha.id)))
    assert response.status_code == 302
    page = client.get(f"/centers/{center.slug}").get_data(as_text=True)
    assert f'Treated by <a href="/therapists/{ayesha.id}-ayesha-khan">Ayesha Khan</a>' in page
    therapist_page = client.get(f"/therapists/{ayesha.id}-ayesha-khan").get_data(as_text=True)
    assert "Relaxing visit" in therapist_page


def test_saying_nothing_is_fine(client, auth, factories, center):
    sign_in(auth, factories.user())
    assert client.post(f"/centers/{center.slug}/reviews/new", data=form(therapist_id="")).status_code == 302
    assert db.session.scalar(select(Review.therapist_id)) is None


@pytest.mark.parametrize("value", ["other-center", "999999", "abc", "-1"])
def test_a_therapist_of_another_center_is_refused_with_a_form_error(client, auth, factories, center, value):
    stranger = factories.therapist(factories.center(), name="Elsewhere Person")
    sign_in(auth, factories.user())
    response = client.post(f"/centers/{center.slug}/reviews/new",
                           data=form(therapist_id=str(stranger.id) if value == "other-center" else value))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="therapist_id-error"' in page
    assert db.session.scalar(select(func.count(Review.id))) == 0


def test_editing_changes_or_clears_who_treated(client, auth, factories, center):
    member = factories.user()
    bilal = factories.therapist(center, name="Bilal")
    review = factories.review(center, author=member, body=BODY, therapist_id=center.therapists[0].id)
    sign_in(auth, member)
    page = client.get(f"/reviews/{review.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{center.therapists[0].id}">' in page or \
        f'value="{center.therapists[0].id}" selected' in page
    client.post(f"/reviews/{review.id}/edit", data=form(therapist_id=str(bilal.id)))
    db.session.expire_all()
    assert db.session.get(Review, review.id).therapist_id == bilal.id


def test_deleting_the_therapist_keeps_the_review(client, factories, center):
    review = factories.review(center, therapist_id=center.therapists[0].id)
    db.session.delete(db.session.get(Therapist, center.therapists[0].id))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Review, review.id).therapist_id is None
