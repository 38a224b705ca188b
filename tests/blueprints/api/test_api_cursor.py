"""The API's `next`: a signed keyset cursor for the rating sort without a place, page numbers otherwise."""
from datetime import UTC, datetime

from sqlalchemy import insert, select

from directory.extensions import db
from directory.models import Center
from directory.services.search_sorts import rating_order


def add_centers(count: int) -> None:
    db.session.execute(insert(Center), [
        {"slug": f"c-{n}", "name": f"Spa {n % 7}", "address": "1 Road", "city": "Karachi", "latitude": 24.8,
         "longitude": 67.0 + n / 10_000, "lat_band": 4960, "status": "published", "rating_count": n % 6,
         "rating_sum": (n % 6) * (3 + n % 3)} for n in range(count)])
    db.session.commit()


def test_following_next_reads_every_center_once_in_rating_order_past_page_50(client):
    add_centers(57)
    expected = list(db.session.scalars(select(Center.slug).order_by(*rating_order(datetime.now(UTC)))))
    seen, path, pages = [], "/api/v1/centers?per_page=1", 0
    while path:
        data = client.get(path).get_json()
        seen += [item["slug"] for item in data["items"]]
        path = data["next"] and "/" + data["next"].split("/", 3)[3]
        pages += 1
    assert pages == 57 and seen == expected  # 57 pages of 1: beyond the 50 an offset may reach


def test_a_cursor_not_given_by_the_api_is_a_400_naming_the_cursor(client):
    add_centers(3)
    first = client.get("/api/v1/centers?per_page=1").get_json()["next"]
    cursor = first.split("cursor=")[1]
    for bad in ("abc", cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB"), "W10.x"):
        response = client.get(f"/api/v1/centers?per_page=1&cursor={bad}")
        assert response.status_code == 400
        assert response.get_json()["error"]["field"] == "cursor"


def test_a_cursor_with_a_place_or_another_sort_is_refused(client):
    add_centers(3)
    cursor = client.get("/api/v1/centers?per_page=1").get_json()["next"].split("cursor=")[1]
    for extra in ("&sort=price", "&lat=24.8&lng=67.0"):
        response = client.get(f"/api/v1/centers?per_page=1&cursor={cursor}{extra}")
        assert response.status_code == 400 and response.get_json()["error"]["field"] == "cursor"


def test_other_sorts_give_the_next_page_number_and_stop_at_the_last(client):
    add_centers(5)
    data = client.get("/api/v1/centers?lat=24.8&lng=67.0&radius_km=5&per_page=2").get_json()
    assert "page=2" in data["next"] and "cursor" not in data["next"]
    assert client.get("/api/v1/centers?lat=24.8&lng=67.0&radius_km=5&per_page=2&page=3").get_json()["next"] is None
