"""Condition pages and the therapist guide: red flags first, suited types ranked, links from where people look."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import Center, CenterStatus, Condition, Service, Therapist, therapist_conditions


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def test_conditions_index_links_every_condition(seeded_app, seeded_client):
    html = page(seeded_client, "/guide/conditions/")
    with seeded_app.app_context():
        slugs = db.session.scalars(select(Condition.slug)).all()
    assert len(slugs) >= 11
    for slug in slugs:
        assert f'href="/guide/conditions/{slug}"' in html
    assert "See a doctor first" in html and "Not medical advice" in html


def test_sciatica_page_shows_red_flags_before_the_suited_types(seeded_client):
    html = page(seeded_client, "/guide/conditions/sciatica")
    red_flags, suited = html.index("See a doctor first if"), html.index('id="may-help"')
    assert red_flags < suited
    assert "Loss of bladder or bowel control" in html[red_flags:suited]
    types = re.findall(r'<li><a href="/guide/([a-z-]+)">', html[suited:])
    assert types[:2] == ["trigger-point", "myofascial-release"]  # ranked, best first, each linked to its type page
    assert "piriformis" in html  # each type comes with its why
    for section in ("When massage must wait", "What to tell your therapist", "Not medical advice",
                    "How to choose a therapist", "Centers near you that offer these"):
        assert section in html


def test_place_box_searches_for_the_suited_types(seeded_client):
    html = page(seeded_client, "/guide/conditions/sciatica")
    start = html.index('<form id="search-form"')
    form = html[start:html.index("</form>", start)]
    assert 'action="/search/"' in form and 'name="near"' in form and 'id="near-me"' in form
    assert re.findall(r'name="service" value="([a-z-]+)"', form) == [
        "trigger-point", "myofascial-release", "deep-tissue", "swedish"]
    link = re.search(r'href="(/search/\?[^"]+)">centers in Karachi', html).group(1).replace("&amp;", "&")
    query = parse_qs(urlsplit(link).query)
    assert query["service"] == ["trigger-point", "myofascial-release", "deep-tissue", "swedish"]
    results = page(seeded_client, link)
    assert "The Royal Spa" in results or "The Raintree Spa" in results


def test_focus_therapists_are_listed_with_their_center_and_bounded(seeded_app, seeded_client):
    with seeded_app.app_context():
        condition = db.session.scalar(select(Condition).where(Condition.slug == "stress-poor-sleep"))
        expected = db.session.scalars(
            select(Therapist).join(therapist_conditions).join(Center)
            .where(therapist_conditions.c.condition_id == condition.id, Center.status == CenterStatus.PUBLISHED)
        ).all()
        names = {(t.name, t.center.name) for t in expected}
    assert len(expected) > 12  # so the cap is what keeps the list short
    html = page(seeded_client, "/guide/conditions/stress-poor-sleep")
    listed = html[html.index('id="h-therapists"'):html.index("Not medical advice")]
    assert listed.count("<li>") == 12
    shown = re.findall(r'<strong><a href="/therapists/\d+-[a-z0-9-]+">([^<]+)</a></strong>.*?'
                       r'<a href="/centers/[a-z0-9-]+">([^<]+)</a>', listed, re.S)
    assert len(shown) == 12 and set(shown) <= {(n.replace("'", "&#39;"), c.replace("'", "&#39;")) for n, c in names}


@pytest.mark.parametrize("url", ["/guide/conditions/no-such-thing", "/guide/conditions/" + "x" * 500])
def test_unknown_condition_is_404(seeded_client, url):
    page(seeded_client, url, status=404)


def test_every_type_page_links_the_conditions_it_is_chosen_for(seeded_client):
    html = page(seeded_client, "/guide/trigger-point")
    section = html[html.index("Conditions it is chosen for"):html.index('id="offered"')]
    assert '/guide/conditions/sciatica"' in section and '/guide/conditions/tension-headache"' in section
    assert "/guide/conditions/pregnancy-aches" not in section
    assert "/guide/conditions/pregnancy-aches" in page(seeded_client, "/guide/prenatal")


def test_guide_index_links_conditions_and_the_therapist_guide(seeded_client):
    html = page(seeded_client, "/guide/")
    assert 'href="/guide/conditions/"' in html and 'href="/guide/conditions/lower-back-pain"' in html
    assert '<a href="/guide/choosing-a-therapist">How to choose a therapist</a>' in html


@pytest.mark.parametrize("url", ["/", "/centers/the-raintree-spa", "/guide/conditions/sciatica"])
def test_how_to_choose_a_therapist_is_linked(seeded_client, url):
    html = page(seeded_client, url)
    assert '<a href="/guide/choosing-a-therapist">How to choose a therapist</a>' in html


def test_center_page_links_it_outside_the_footer(seeded_client):
    html = page(seeded_client, "/centers/the-raintree-spa")
    body = html[:html.index('<footer class="site-footer">')]
    assert '<a href="/guide/choosing-a-therapist">How to choose a therapist</a>' in body


def test_choosing_a_therapist_covers_the_advice_and_ends_with_a_checklist(seeded_client):
    html = page(seeded_client, "/guide/choosing-a-therapist")
    order = [html.index(h) for h in ("Training and credentials", "Experience with pain relief", "Reviews",
                                     "Communication, before and during", "Checklist")]
    assert order == sorted(order)
    assert 'href="/badges"' in html and "Verified visit" in html and "pressure" in html
    assert "Not medical advice" in html


def test_every_massage_type_page_links_at_least_one_condition(seeded_app, seeded_client):
    with seeded_app.app_context():
        slugs = db.session.scalars(select(Service.slug)).all()
    for slug in slugs:
        html = page(seeded_client, f"/guide/{slug}")
        assert "Conditions it is chosen for" in html and 'href="/guide/conditions/' in html, slug


def test_conditions_without_the_slash_redirects_to_the_index(seeded_client):
    response = seeded_client.get("/guide/conditions")
    assert response.status_code in (301, 308) and response.headers["Location"].endswith("/guide/conditions/")
