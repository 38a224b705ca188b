"""geocode_place: offline by default; Nominatim through the cache, falling back to offline. Never the network."""
from datetime import timedelta

import pytest
from geopy.exc import GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable
from geopy.geocoders import Nominatim
from geopy.location import Location

from directory.config import Config
from directory.extensions import db
from directory.geo import geocoding
from directory.geo.gazetteer import Place, get_gazetteer
from directory.models.base import utcnow
from directory.models.search import GeocodeCache

CLOSED_PORT = "http://127.0.0.1:9"  # connection refused at once: a failing Nominatim with no network involved


def geocode_place(session, text, **options):
    """The geocoder as the app calls it: with the configured offline gazetteer."""
    return geocoding.geocode_place(session, text, gazetteer=get_gazetteer(Config.GAZETTEER_FOLDER), **options)


@pytest.fixture(autouse=True)
def fresh_nominatim(monkeypatch):
    """A new rate limiter per test (no 1 s wait between tests, and it binds the patched geocode); no proxies."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    geocoding.nominatim_for.cache_clear()
    yield
    geocoding.nominatim_for.cache_clear()


@pytest.fixture
def nominatim_calls(monkeypatch):
    """Nominatim.geocode answering from a dict (else nothing found), recording its queries."""
    calls = []
    answers = {"Clifton Beach": Location("Clifton Beach, Karachi, Sindh, Pakistan", (24.7955, 67.0385),
                                         {"addresstype": "beach"})}

    def geocode(self, query, **kwargs):
        calls.append(query)
        assert self.headers["User-Agent"] == "sukoon-test/1.0"
        return answers.get(query)

    monkeypatch.setattr(Nominatim, "geocode", geocode)
    return calls


def nominatim(text, **options):
    return geocode_place(db.session, text, provider="nominatim", user_agent="sukoon-test/1.0", **options)


def test_offline_by_default(app):
    assert geocode_place(db.session, "Clifton, Karachi") == Place(24.8138, 67.03, "Clifton, Karachi", "neighbourhood")
    assert geocode_place(db.session, "Xyzzy") is None


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", None, "\x00Clifton\x07"])
def test_bad_text_never_raises(app, text):
    place = geocode_place(db.session, text)
    assert place is None or place.label == "Clifton, Karachi"


def test_long_text_is_capped(app, nominatim_calls):
    assert nominatim("Clifton Beach" + " x" * 500) is None
    assert 190 < len(nominatim_calls[0]) <= 200
    assert db.session.get(GeocodeCache, (nominatim_calls[0].lower(), "nominatim")) is not None


def test_unknown_provider_is_a_configuration_error(app):
    with pytest.raises(ValueError, match="unknown geocoder"):
        geocode_place(db.session, "Clifton", provider="google")


def test_unreachable_nominatim_falls_back_to_offline(app, caplog):
    place = nominatim("Gulshan-e-Iqbal", nominatim_domain=CLOSED_PORT, timeout=1)
    assert place.label == "Gulshan-e-Iqbal, Karachi"
    assert "Nominatim failed" in caplog.text
    assert db.session.get(GeocodeCache, ("gulshan-e-iqbal", "nominatim")) is None  # failures are not remembered


@pytest.mark.parametrize("error", [GeocoderTimedOut("timed out"), GeocoderServiceError("HTTP 503"),
                                   GeocoderUnavailable("no route")])
def test_nominatim_errors_fall_back_to_offline(app, monkeypatch, caplog, error):
    def fail(self, query, **kwargs):
        raise error

    monkeypatch.setattr(Nominatim, "geocode", fail)
    assert nominatim("DHA").label == "DHA, Karachi"
    geocoding.nominatim_for.cache_clear()  # a new limiter: the next request need not wait its second
    assert nominatim("Xyzzy") is None
    assert type(error).__name__ in caplog.text


def test_answer_is_cached_and_served_without_calling(app, nominatim_calls):
    first = nominatim("Clifton  Beach")
    assert first == Place(24.7955, 67.0385, "Clifton Beach, Karachi, Sindh, Pakistan", "place")
    row = db.session.get(GeocodeCache, ("clifton beach", "nominatim"))
    assert (row.latitude, row.longitude, row.label) == (24.7955, 67.0385, first.label)
    assert nominatim("CLIFTON BEACH") == first  # the cache key is the normalised, lowercased text
    assert nominatim_calls == ["Clifton Beach"]


def test_cache_is_in_the_callers_transaction(app, nominatim_calls):
    nominatim("Clifton Beach")
    db.session.rollback()
    assert db.session.get(GeocodeCache, ("clifton beach", "nominatim")) is None


def test_cached_answer_from_earlier_is_used(app, monkeypatch):
    monkeypatch.setattr(Nominatim, "geocode", lambda *args, **kwargs: pytest.fail("Nominatim was called"))
    db.session.add(GeocodeCache(query="port grand", provider="nominatim", latitude=24.84, longitude=66.99,
                                label="Port Grand, Karachi"))
    db.session.commit()
    assert nominatim("Port Grand") == Place(24.84, 66.99, "Port Grand, Karachi", "place")


def test_not_found_is_cached_and_falls_back_to_offline(app, nominatim_calls):
    assert nominatim("Nowhere Special") is None
    row = db.session.get(GeocodeCache, ("nowhere special", "nominatim"))
    assert row.latitude is None and row.longitude is None
    assert nominatim("Nowhere Special") is None
    assert nominatim_calls == ["Nowhere Special"]


def test_cached_not_found_uses_offline_without_calling(app, monkeypatch):
    monkeypatch.setattr(Nominatim, "geocode", lambda *args, **kwargs: pytest.fail("Nominatim was called"))
    db.session.add(GeocodeCache(query="dolmen clifton", provider="nominatim", latitude=None, longitude=None))
    db.session.commit()
    assert nominatim("Dolmen Clifton").label == "Dolmen Mall Clifton, Karachi"


def test_stale_cache_is_asked_again_and_refreshed(app, nominatim_calls):
    db.session.add(GeocodeCache(query="clifton beach", provider="nominatim", latitude=1.0, longitude=2.0,
                                label="Old answer", created_at=utcnow() - timedelta(days=31)))
    db.session.commit()
    assert nominatim("Clifton Beach").latitude == 24.7955
    assert nominatim_calls == ["Clifton Beach"]
    row = db.session.get(GeocodeCache, ("clifton beach", "nominatim"))
    assert row.latitude == 24.7955 and row.created_at > utcnow() - timedelta(minutes=1)
