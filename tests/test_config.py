"""Configuration: bad settings stop the app at start, not on every request."""
import pytest

from directory import create_app


def test_unknown_geocoder_refuses_to_start():
    with pytest.raises(RuntimeError, match="GEOCODER"):
        create_app({"GEOCODER": "googel", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_geocoder_setting_is_normalised():
    app = create_app({"GEOCODER": " Nominatim ", "GEOCODER_TIMEOUT": "1.5", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["GEOCODER"] == "nominatim" and app.config["GEOCODER_TIMEOUT"] == 1.5


def test_cache_lifetimes_from_the_environment_are_numbers(monkeypatch, tmp_path):
    monkeypatch.setenv("SUKOON_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("SUKOON_PAGE_CACHE_SECONDS", "0")  # text, as the environment gives it: "0" must mean off
    app = create_app()
    assert app.config["PAGE_CACHE_SECONDS"] == 0 and app.config["SEARCH_CACHE_SECONDS"] == 60
    with pytest.raises(RuntimeError, match="PAGE_CACHE_SECONDS"):
        create_app({"PAGE_CACHE_SECONDS": "a minute", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


STRONG_KEY = "k3Jx9-TqV2mZ8wLrP4sYb7NcHd6GfEa1"  # 32 characters, in no list of defaults
SHARED_STORE = "redis://127.0.0.1:6379/15"  # not contacted at start


def production(**overrides) -> dict:
    return {"ENVIRONMENT": "production", "SECRET_KEY": STRONG_KEY, "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "RATELIMIT_STORAGE_URI": SHARED_STORE, **overrides}


@pytest.mark.parametrize("key", [None, "", "   ", "short-but-random-9f3k", "x" * 31, "development-only-secret-key",
                                 "dev", "changeme", "test-secret-key-that-is-long-enough-for-tests",
                                 b"development-only-secret-key"])
def test_production_refuses_a_missing_short_or_default_secret_key(key):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(production(SECRET_KEY=key))


def test_production_refuses_the_shipped_default_from_the_config_class(monkeypatch, tmp_path):
    monkeypatch.setenv("SUKOON_INSTANCE_PATH", str(tmp_path))  # no instance/config.py of a developer's
    monkeypatch.setenv("SUKOON_ENVIRONMENT", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SUKOON_SECRET_KEY", raising=False)
    monkeypatch.setenv("SUKOON_DATABASE_URL", "sqlite://")
    with pytest.raises(RuntimeError, match="published default"):
        create_app()  # the real path: Config, then instance/config.py, then the environment


@pytest.mark.parametrize("debug", [True, "1", "0"])  # any value Flask would treat as true, "0" included
def test_production_refuses_debug(debug):
    with pytest.raises(RuntimeError, match="DEBUG"):
        create_app(production(DEBUG=debug))


def test_production_with_a_strong_key_starts_with_secure_cookies():
    app = create_app(production())
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["LOG_FORMAT"] == "json"


def test_development_keeps_its_default_key_and_plain_cookies():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["ENVIRONMENT"] == "development" and app.config["LOG_FORMAT"] == "text"
    assert not app.config.get("SESSION_COOKIE_SECURE") and app.config["PROXY_HOPS"] == 0


def test_tests_may_run_with_production_settings():
    app = create_app(production(TESTING=True, SECRET_KEY="dev"))
    assert app.config["ENVIRONMENT"] == "production"


@pytest.mark.parametrize("overrides, message", [
    ({"ENVIRONMENT": "prod"}, "ENVIRONMENT"),  # a typo must not quietly skip the production checks
    ({"PROXY_HOPS": "two"}, "PROXY_HOPS"),
    ({"PROXY_HOPS": -1}, "PROXY_HOPS"),
    ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
])
def test_bad_serving_settings_refuse_to_start(overrides, message):
    with pytest.raises(RuntimeError, match=message):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", **overrides})


def test_serving_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SUKOON_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SUKOON_ENVIRONMENT", " Production ")
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("SUKOON_PROXY_HOPS", "1")
    monkeypatch.setenv("SUKOON_LOG_FORMAT", "text")
    monkeypatch.setenv("REDIS_URL", SHARED_STORE)
    monkeypatch.setenv("SUKOON_DATABASE_URL", "sqlite://")
    app = create_app()
    assert (app.config["ENVIRONMENT"], app.config["PROXY_HOPS"], app.config["LOG_FORMAT"]) == ("production", 1, "text")
