"""Search answers are cached for a short while, and a failing cache backend never breaks a search."""
from directory.extensions import cache

from .conftest import make_app

URL = "/api/v1/centers?lat=24.8138&lng=67.03&radius_km=5"


def test_api_search_answers_come_from_the_cache_within_the_window(empty_database_url, factories):
    app = make_app(empty_database_url, CACHE_TYPE="SimpleCache", SERVER_NAME=None)
    client = app.test_client()
    with app.app_context():
        factories.center(name="First", latitude=24.814, longitude=67.03)
        assert [item["name"] for item in client.get(URL).json["items"]] == ["First"]
        factories.center(name="Second", latitude=24.815, longitude=67.03)
        assert [item["name"] for item in client.get(URL).json["items"]] == ["First"]  # within the minute
        same_query_reordered = "/api/v1/centers?radius_km=5&lng=67.03&lat=24.8138"
        assert len(client.get(same_query_reordered).json["items"]) == 1
        cache.clear()
        assert [item["name"] for item in client.get(URL).json["items"]] == ["First", "Second"]


def test_redis_down_means_no_cache_not_an_error(empty_database_url, factories):
    app = make_app(empty_database_url, CACHE_TYPE="RedisCache", CACHE_REDIS_URL="redis://127.0.0.1:6399/0",
                   SERVER_NAME=None)
    client = app.test_client()
    with app.app_context():
        factories.center(name="Only", latitude=24.814, longitude=67.03)
        response = client.get(URL)
        assert response.status_code == 200 and response.json["items"][0]["name"] == "Only"


def test_bad_input_is_not_cached_as_an_answer(empty_database_url):
    app = make_app(empty_database_url, CACHE_TYPE="SimpleCache", SERVER_NAME=None)
    client = app.test_client()
    with app.app_context():
        assert client.get("/api/v1/centers?near=Qwzxplace").status_code == 400
        assert client.get("/api/v1/centers?near=Qwzxplace").status_code == 400
