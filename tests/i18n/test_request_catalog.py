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


def test_template_gettext_escapes_what_it_fills_in_only_where_the_page_escapes(app):
    page = app.jinja_env.from_string(
        "{{ _('We could not find “%(place)s”. Try a neighbourhood or city.', place=q) }}|"
        "{{ ngettext('%(num)d review', '%(num)d reviews', 3) }}|"
        "{{ ngettext('%(num)d review', '%(num)d reviews', 1, num=5) }}")  # the count may be named otherwise
    with app.app_context(), app.test_request_context("/search/"):
        assert page.render(q="<b>") == "We could not find “&lt;b&gt;”. Try a neighbourhood or city.|3 reviews|5 review"
        text = app.jinja_env.from_string("{% autoescape false %}{{ _('%(n)s people claim this center', n=q) }}"
                                         "{% endautoescape %}")
        assert text.render(q="A & B") == "A & B people claim this center"  # a text mail is not HTML
