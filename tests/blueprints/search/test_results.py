"""The search page: one box for places and names, filters in the URL, a list and a map, helpful empty results."""
import re

import pytest


def page(client, url, status=200):
    response = client.get(url, follow_redirects=True)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def card_slugs(html):
    return re.findall(r'<h3><a href="/centers/([^"]+)"', html)


def distances(html):
    return [float(km) for km in re.findall(r'<span class="distance">([\d.]+) km</span>', html)]


def test_a_place_in_the_single_box_becomes_a_distance_search(seeded_client):
    response = seeded_client.get("/search/?q=Clifton")
    assert response.status_code == 302 and "near=Clifton" in response.location
    html = page(seeded_client, "/search/?q=Clifton")
    assert "within 10 km of Clifton" in html
    found = distances(html)
    assert found and found == sorted(found) and found[-1] <= 10
    assert 'id="results-map"' in html and 'data-lat="' in html


def test_a_name_in_the_single_box_is_a_text_search(seeded_client):
    html = page(seeded_client, "/search/?q=raintree")
    assert card_slugs(html) == ["the-raintree-spa"]


def test_city_browse_link_lists_that_city(seeded_client):
    html = page(seeded_client, "/search/?near=Lahore&radius_km=50")
    assert "Lahore" in html and card_slugs(html)
    assert ", Karachi ·" not in html


def test_filters_are_in_the_url_and_narrow_the_list(seeded_client):
    everything = card_slugs(page(seeded_client, "/search/?near=Karachi&radius_km=50&per_page=100"))
    women = page(seeded_client, "/search/?near=Karachi&radius_km=50&gender=women_only")
    assert card_slugs(women) and set(card_slugs(women)) < set(everything + card_slugs(women))
    assert "Women only" in women and 'value="women_only" checked' in women


def test_search_paginates(seeded_client):
    first = page(seeded_client, "/search/?near=Karachi&radius_km=50")
    assert "Page 1 of" in first and 'rel="next"' in first
    second = page(seeded_client, "/search/?near=Karachi&radius_km=50&page=2")
    assert 'rel="prev"' in second and not set(card_slugs(first)) & set(card_slugs(second))


@pytest.mark.parametrize("query", ["?page=abc", "?page=-4", "?page=99999", "?q=" + "x" * 5000, "?q=%27--",
                                   "?lat=999&lng=0", "?radius_km=-1&near=Karachi", "?min_price=x",
                                   "?sort=evil", "?service=nope", "?lat=nan&lng=nan", "?near=%27%22"])
def test_odd_search_input_never_breaks_the_page(seeded_client, query):
    assert seeded_client.get("/search/" + query, follow_redirects=True).status_code == 200


def test_a_page_past_fifty_says_results_stop_there(seeded_client):
    html = page(seeded_client, "/search/?near=Karachi&radius_km=50&page=51")
    assert 'role="alert"' in html and "Results stop at page 50" in html and "narrow the search" in html


def test_bad_input_shows_a_form_error_and_keeps_what_was_typed(seeded_client):
    html = page(seeded_client, "/search/?near=Qwzxplace&q=thai")
    assert 'role="alert"' in html and "could not find" in html
    assert 'value="Qwzxplace"' in html and 'aria-invalid="true"' in html and 'value="thai"' in html


def test_no_match_offers_to_widen_or_drop_filters(seeded_client):
    html = page(seeded_client, "/search/?near=Clifton&radius_km=1&service=thai&min_rating=4.5")
    assert "No centers match" in html
    assert "Widen the search to 2 km" in html and "Drop the massage type filter" in html
    assert "Drop the minimum rating filter" in html


def test_empty_form_fields_count_as_not_given(seeded_client):
    html = page(seeded_client, "/search/?q=&near=Clifton&min_rating=&min_price=&sort=&kind=")
    assert 'role="alert"' not in html and card_slugs(html)


COMFORT_LABELS = ["Female therapists", "Couples room", "Wheelchair access", "Prayer area", "Private rooms",
                  "Parking", "Male therapists"]


def test_comfort_filters_are_offered_and_narrow_the_list(seeded_client):
    everything = card_slugs(page(seeded_client, "/search/?near=Karachi&radius_km=50&per_page=100"))
    html = page(seeded_client, "/search/?near=Karachi&radius_km=50&per_page=100&amenity=prayer_area"
                               "&amenity=private_rooms")
    labels = re.findall(r'name="amenity" value="[a-z_]+"(?: checked)?> ([^<]+)</label>', html)
    assert labels == COMFORT_LABELS
    assert 'value="prayer_area" checked' in html and 'value="private_rooms" checked' in html
    assert 'value="parking" checked' not in html and "<details class=\"filters\" open" in html
    found = card_slugs(html)
    # Both amenities, in the same nearest-first order as the unfiltered list.
    assert found and found == [slug for slug in everything if slug in set(found)] and len(found) < len(everything)
    for slug in found:
        detail = seeded_client.get(f"/api/v1/centers/{slug}").json
        assert {"prayer_area", "private_rooms"} <= set(detail["amenities"]), slug


def test_unknown_amenity_is_a_clear_form_error(seeded_client):
    html = page(seeded_client, "/search/?near=Karachi&amenity=helipad")
    assert 'role="alert"' in html and "Unknown amenity: helipad. Choose from" in html and not card_slugs(html)


def test_no_results_offers_dropping_each_amenity(seeded_client):
    html = page(seeded_client, "/search/?near=Clifton&radius_km=1&amenity=couples_room&amenity=prayer_area"
                               "&amenity=home_visits")
    assert "No centers match" in html
    drops = dict((label, href.replace("&amp;", "&")) for href, label in re.findall(
        r'<li><a href="([^"]+)">Drop the ([a-z ]+) filter</a></li>', html))
    assert {"couples room", "prayer area", "home visits"} <= set(drops)
    assert "amenity=couples_room" not in drops["couples room"] and "amenity=prayer_area" in drops["couples room"]
    assert "amenity=home_visits" in drops["couples room"] and "near=Clifton" in drops["couples room"]
    assert 'value="home_visits" checked> Home visits' in html  # a chosen amenity beyond the panel can be unticked


@pytest.mark.parametrize("prices, english, urdu", [
    ("&min_price=3000&max_price=4000", "Only prices from PKR 3,000 to PKR 4,000 per 60 minutes count.",
     "صرف فی 60 منٹ 3,000 روپے سے 4,000 روپے تک کی قیمتیں شمار ہوتی ہیں۔"),
    ("&min_price=3000", "Only prices from PKR 3,000 per 60 minutes count.", "3,000 روپے یا اس سے زیادہ"),
    ("&max_price=4000", "Only prices up to PKR 4,000 per 60 minutes count.", "صرف فی 60 منٹ 4,000 روپے تک"),
])
def test_the_price_sort_says_which_prices_count_under_a_range(seeded_client, prices, english, urdu):
    url = "/search/?near=Karachi&radius_km=50&sort=price" + prices
    assert english in page(seeded_client, url)
    assert urdu in page(seeded_client, "/ur" + url)
    assert "Only prices" not in page(seeded_client, url.replace("sort=price", "sort=rating"))
    assert "Only prices" not in page(seeded_client, "/search/?near=Karachi&radius_km=50&sort=price")


def test_a_total_counted_only_so_far_says_at_least(client, app, monkeypatch):
    """Near a place where few centers match, the count stops after COUNT_BUDGET centers read: the page and the API
    say "at least" ("10+"), not a wrong total; where it read them all, the exact one."""
    from directory.extensions import db
    from directory.models import Center
    from directory.services import search as search_module

    for index in range(300):
        db.session.add(Center(slug=f"p-{index}", name=f"P{index}", address="x", city="Karachi", latitude=24.8,
                              longitude=67.0 + index * 0.0001, status="published",
                              kind="physiotherapy" if index % 10 == 0 else "day_spa"))
    db.session.commit()
    url = "/search/?lat=24.8&lng=67.0&radius_km=10&kind=physiotherapy&per_page=5"
    assert "30 centers within 10 km" in page(client, url)
    monkeypatch.setattr(search_module, "COUNT_BUDGET", 100)
    assert "<bdi dir=\"ltr\">10+</bdi> centers within 10 km" in page(client, url)
    answer = client.get(url.replace("/search/", "/api/v1/centers")).json
    assert (answer["total"], answer["total_capped"], len(answer["items"])) == (10, True, 5)
    assert answer["next"] is not None  # more may follow: the next page is offered


def test_a_total_without_a_place_stops_too_and_never_says_less_than_the_page_shows(client, app, monkeypatch):
    from directory.extensions import db
    from directory.models import Center
    from directory.services import search as search_module

    for index in range(300):  # every tenth one a clinic, in the order the table holds them
        db.session.add(Center(slug=f"p-{index}", name=f"P{index}", address="x", city="Karachi", latitude=24.8,
                              longitude=67.0 + index * 0.0001, status="published",
                              kind="physiotherapy" if index % 10 == 0 else "day_spa"))
    db.session.commit()
    url = "/api/v1/centers?kind=physiotherapy&per_page=5"
    assert (client.get(url).json["total"], client.get(url).json["total_capped"]) == (30, False)
    monkeypatch.setattr(search_module, "COUNT_BUDGET", 100)
    assert (client.get(url).json["total"], client.get(url).json["total_capped"]) == (10, True)
    monkeypatch.setattr(search_module, "COUNT_BUDGET", 20)  # 2 clinics among the first 20: the page shows 5
    answer = client.get(url).json
    assert (answer["total"], answer["total_capped"], len(answer["items"])) == (5, True, 5)
    assert "<bdi dir=\"ltr\">5+</bdi> centers" in page(client, "/search/?kind=physiotherapy&per_page=5")
