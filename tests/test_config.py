"""Configuration: bad settings stop the app at start, not on every request."""
import pytest

from directory import create_app


def test_unknown_geocoder_refuses_to_start():
    with pytest.raises(RuntimeError, match="GEOCODER"):
        create_app({"GEOCODER": "googel", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_geocoder_setting_is_normalised():
    app = create_app({"GEOCODER": " Nominatim ", "GEOCODER_TIMEOUT": "1.5", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["GEOCODER"] == "nominatim" and app.config["GEOCODER_TIMEOUT"] == 1.5
