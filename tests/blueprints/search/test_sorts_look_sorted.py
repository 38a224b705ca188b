"""Issue 14, part 7: in every sort the order follows the value the card shows (asserted over the seeded data)."""
import re

import pytest

SHAPES = ["", "&near=Karachi&radius_km=50", "&service=deep-tissue", "&q=thai", "&near=Clifton&service=swedish"]


def all_items(client, url):
    """Every page of an API search (the seeded data is small; the cap keeps the loop bounded)."""
    items, page = [], 1
    while page <= 10:
        data = client.get(f"{url}&per_page=100&page={page}").json
        items += data["items"]
        if len(items) >= data["total"]:
            return items
        page += 1
    return items


def shown(rating):
    return -1 if rating is None else rating


@pytest.mark.parametrize("shape", SHAPES)
def test_rating_sort_never_shows_more_stars_further_down(seeded_client, shape):
    items = all_items(seeded_client, f"/api/v1/centers?sort=rating{shape}")
    assert items
    rated = [item["review_count"] >= 3 for item in items]
    assert rated == sorted(rated, reverse=True), "a center with fewer than 3 reviews is listed above a rated one"
    for group in (True, False):
        keys = [(shown(item["rating"]), item["review_count"]) for item in items if rated[items.index(item)] == group]
        assert keys == sorted(keys, reverse=True)


@pytest.mark.parametrize("shape", SHAPES)
def test_reviews_sort_follows_the_count_then_the_stars(seeded_client, shape):
    items = all_items(seeded_client, f"/api/v1/centers?sort=reviews{shape}")
    keys = [(item["review_count"], shown(item["rating"])) for item in items]
    assert items and keys == sorted(keys, reverse=True)


@pytest.mark.parametrize("shape", SHAPES)
def test_price_sort_follows_the_price_on_the_card(seeded_client, shape):
    items = all_items(seeded_client, f"/api/v1/centers?sort=price{shape}")
    prices = [item["price_from"] if item["price_from"] is not None else 10**9 for item in items]
    assert items and prices == sorted(prices)


def test_the_results_page_shows_sorted_stars_and_says_where_few_reviews_go(seeded_client):
    html = seeded_client.get("/search/?sort=rating&per_page=100").get_data(as_text=True)
    cards = re.findall(r'<li class="card result".*?</li>', html, re.S)
    stars = [(float(m.group(1)), int(m.group(2))) for card in cards
             if (m := re.search(r"<strong>([\d.]+)</strong> <span class=\"muted\">\((\d+) review", card))]
    rated = [value for value in stars if value[1] >= 3]
    assert rated and rated == sorted(rated, reverse=True) and stars[:len(rated)] == rated
    assert "fewer than 3 reviews are listed after the rated ones" in html


def test_the_price_on_a_card_is_for_the_chosen_type(seeded_client):
    html = seeded_client.get("/search/?sort=price&service=hot-stone&per_page=100").get_data(as_text=True)
    prices = [int(p.replace(",", "")) for p in re.findall(r"from <strong>PKR ([\d,]+)</strong>", html)]
    assert prices and prices == sorted(prices)
    everything = seeded_client.get("/api/v1/centers?sort=price&service=hot-stone&per_page=100").json["items"]
    assert [item["price_from"] for item in everything] == prices
