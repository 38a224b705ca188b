"""Owners set the languages a therapist speaks and the conditions they focus on; others cannot."""
import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import Condition, Therapist

from ...reviewing import sign_in


@pytest.fixture
def center(factories):
    return factories.center(name="The Royal Spa", slug="the-royal-spa")


@pytest.fixture
def conditions():
    items = [Condition(slug="sciatica", name="Sciatica", summary="Leg pain."),
             Condition(slug="tension-headache", name="Tension headache", summary="Head.")]
    db.session.add_all(items)
    db.session.commit()
    return items


def edit_url(center, therapist) -> str:
    return f"/manage/centers/{center.slug}/therapists/{therapist.id}/edit"


def data(center, **overrides) -> dict:
    db.session.refresh(center)
    return {"name": "Ayesha Khan", "gender": "female", "years_practice": "8", "version": str(center.version),
            **overrides}


def test_owner_sets_and_clears_languages_and_focus_conditions(client, auth, factories, center, conditions):
    therapist = factories.therapist(center, name="Ayesha Khan", languages=["en"])
    sign_in(auth, factories.manager(center))
    form = client.get(edit_url(center, therapist)).get_data(as_text=True)
    assert "<legend>Languages spoken" in form and "<legend>Conditions they focus on" in form
    response = client.post(edit_url(center, therapist), data=data(
        center, languages=["sd", "ur"], conditions=[str(conditions[0].id)]))
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Therapist, therapist.id)
    assert saved.languages == ["ur", "sd"] and [c.slug for c in saved.conditions] == ["sciatica"]
    page = client.get(f"/therapists/{therapist.id}-ayesha-khan").get_data(as_text=True)
    assert "Urdu" in page and "Sindhi" in page and "/guide/conditions/sciatica" in page and "English" not in page
    client.post(edit_url(center, therapist), data=data(center))  # nothing ticked: both cleared
    db.session.expire_all()
    saved = db.session.get(Therapist, therapist.id)
    assert saved.languages == [] and saved.conditions == []


def test_the_form_shows_what_is_saved(client, auth, factories, center, conditions):
    therapist = factories.therapist(center, languages=["pa"])
    therapist.conditions = [conditions[1]]
    db.session.commit()
    sign_in(auth, factories.manager(center))
    form = client.get(edit_url(center, therapist)).get_data(as_text=True)
    checked = [line for line in form.split("<input") if "checked" in line]
    assert any('value="pa"' in line for line in checked)
    assert any(f'value="{conditions[1].id}"' in line and 'name="conditions"' in line for line in checked)
    assert not any('value="ur"' in line for line in checked)


@pytest.mark.parametrize("field, value", [("languages", "fr"), ("conditions", "999999"), ("conditions", "abc")])
def test_choices_outside_the_lists_are_form_errors(client, auth, factories, center, conditions, field, value):
    therapist = factories.therapist(center, languages=["en"])
    sign_in(auth, factories.manager(center))
    response = client.post(edit_url(center, therapist), data=data(center, **{field: [value]}))
    assert response.status_code == 200 and f'id="{field}-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Therapist, therapist.id).languages == ["en"]


def test_another_owner_gets_404_and_changes_nothing(client, auth, factories, center, conditions):
    therapist = factories.therapist(center, languages=["en"])
    mine = factories.center()
    sign_in(auth, factories.manager(mine))
    payload = data(center, languages=["ps"], conditions=[str(conditions[0].id)])
    for url in (edit_url(center, therapist), edit_url(mine, therapist)):
        assert client.get(url).status_code == 404
        assert client.post(url, data=payload).status_code == 404
    db.session.expire_all()
    saved = db.session.scalar(select(Therapist).where(Therapist.id == therapist.id))
    assert saved.languages == ["en"] and saved.conditions == []
