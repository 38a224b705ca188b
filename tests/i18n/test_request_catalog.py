"""The catalog remembered per request (i18n.RequestCatalog) follows the request's language and force_locale."""
from flask_babel import force_locale, gettext, lazy_gettext

from directory.i18n import ENVIRON_KEY


def test_the_remembered_catalog_follows_force_locale_and_comes_back(app):
    # each request has an app context (and g) of its own, as in the server
    with app.app_context(), app.test_request_context("/search/", environ_base={ENVIRON_KEY: "ur"}):  # as /ur/ sets
        assert gettext("Reviews") == "ریویوز"
        with force_locale("en"):  # mail to an English reader sent while serving an Urdu page
            assert gettext("Reviews") == "Reviews"
            assert str(lazy_gettext("Reviews")) == "Reviews"
        assert gettext("Reviews") == "ریویوز"
    with app.app_context(), app.test_request_context("/search/"):
        assert gettext("Reviews") == "Reviews"
        with force_locale("ur"):
            assert app.jinja_env.from_string("{{ _('Reviews') }}").render() == "ریویوز"
