"""A therapist's public page: what the center publishes about them, their badges, the reviews that name them."""
from datetime import date, datetime

import pytest

from directory.extensions import db
from directory.models import Condition


@pytest.fixture
def therapist(factories):
    service = factories.service(name="Deep tissue", slug="deep-tissue")
    center = factories.center(name="Sea Breeze Spa", slug="sea-breeze", menu=[(service, 60, 5000)])
    person = factories.therapist(center, name="Ayesha Khan", gender="female", years_practice=7,
                                 languages=["ur", "en", "sd"], bio="Pain relief for desk workers.")
    person.specialties = [service]
    person.conditions = [Condition(slug="sciatica", name="Sciatica", summary="Leg pain.")]
    db.session.commit()
    factories.credential(person, kind="certification", issuer="CIDESCO", status="verified",
                         verification_method="issuer_lookup", verified_at=datetime(2026, 3, 2, 10, 0))
    factories.credential(person, kind="diploma", issuer="Nowhere", status="rejected")
    return person


def test_page_shows_what_the_center_publishes(client, therapist):
    response = client.get(f"/therapists/{therapist.id}-ayesha-khan")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Ayesha Khan</h1>" in html and "Female · 7 years of practice" in html
    for text in ("Urdu", "English", "Sindhi", "Pain relief for desk workers.", '/guide/deep-tissue">Deep tissue',
                 '/guide/conditions/sciatica">Sciatica', 'href="/centers/sea-breeze"', "How to choose a therapist"):
        assert text in html, text
    assert "Verified certification: CIDESCO" in html and "checked with the issuing body" in html
    assert "Nowhere" not in html  # a rejected credential is not shown, as on the center page


def test_wrong_or_missing_name_part_redirects_to_the_canonical_address(client, therapist):
    for url in (f"/therapists/{therapist.id}", f"/therapists/{therapist.id}-someone-else"):
        response = client.get(url)
        assert response.status_code == 301
        assert response.headers["Location"].endswith(f"/therapists/{therapist.id}-ayesha-khan")


@pytest.mark.parametrize("status", ["draft", "pending", "suspended", "deleted"])
def test_therapist_of_an_unpublished_center_is_404(client, factories, status):
    center = factories.center(status=status)
    person = factories.therapist(center, name="Hidden Person")
    assert client.get(f"/therapists/{person.id}-hidden-person").status_code == 404


@pytest.mark.parametrize("url", ["/therapists/999999-nobody", "/therapists/abc", "/therapists/1" + "0" * 30])
def test_unknown_therapist_is_404(client, url):
    assert client.get(url).status_code == 404


def test_reviews_that_name_the_therapist_are_listed_and_paginated(client, factories, therapist):
    other = factories.therapist(therapist.center, name="Bilal Ahmed")
    for n in range(12):
        factories.review(therapist.center, title=f"Named {n}", therapist_id=therapist.id,
                         created_at=datetime(2026, 1, 1 + n))
    factories.review(therapist.center, title="Someone else", therapist_id=other.id)
    factories.review(therapist.center, title="Hidden one", therapist_id=therapist.id, status="hidden")
    first = client.get(f"/therapists/{therapist.id}-ayesha-khan").get_data(as_text=True)
    assert first.count('class="review"') == 10 and "Named 11" in first and "Named 1<" not in first
    assert "Someone else" not in first and "Hidden one" not in first and "Page 1 of 2" in first
    second = client.get(f"/therapists/{therapist.id}-ayesha-khan?page=2").get_data(as_text=True)
    assert second.count('class="review"') == 2 and "Named 0" in second


def test_center_page_links_each_therapist(client, therapist):
    html = client.get("/centers/sea-breeze").get_data(as_text=True)
    assert f'<a href="/therapists/{therapist.id}-ayesha-khan">Ayesha Khan</a>' in html


def test_badges_follow_the_centers_calendar(client, factories, therapist):
    factories.credential(therapist, kind="licence", issuer="Sindh Health", status="verified",
                         valid_until=date(2020, 1, 1))
    html = client.get(f"/therapists/{therapist.id}-ayesha-khan").get_data(as_text=True)
    assert "Verified licence" not in html and "Credential expired" in html and "Sindh Health" in html
