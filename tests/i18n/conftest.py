"""A client that lets each request choose its own language.

The `app` fixture keeps one app context open for the whole test, so every request of a test shares `g`, where
Flask-Babel caches the locale of the first request. In production each request has its own app context; here the
cache is cleared before each request so that an Urdu page and then an English one are each in their language.
"""
import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from flask_babel import refresh


class OneLanguagePerRequest(FlaskClient):
    def open(self, *args, **kwargs):
        if has_app_context():
            refresh()
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = OneLanguagePerRequest
    return app.test_client()
