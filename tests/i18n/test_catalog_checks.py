"""The catalog and template checks of test_catalog_complete.py find what they must, and only that."""
import textwrap

from babel.messages.catalog import Catalog

from .catalog_checks import catalog_problems, extracted_ids, missing_from_catalog, unmarked_strings


def catalog(*entries) -> Catalog:
    found = Catalog(locale="ur")
    for msgid, msgstr, flags in entries:
        found.add(msgid, msgstr, flags=flags)
    return found


def test_a_translated_catalog_passes_plurals_included():
    good = catalog(("Search", "تلاش", ()),
                   ("Hello %(name)s", "سلام %(name)s", ("python-format",)),
                   (("%(num)d review", "%(num)d reviews"), ("%(num)d ریویو", "%(num)d ریویوز"), ()))
    assert catalog_problems(good) == []


def test_untranslated_fuzzy_and_changed_placeholders_are_each_reported():
    bad = catalog(("Search", "", ()),
                  ("Log in", "لاگ ان", ("fuzzy",)),
                  ("Hello %(name)s", "سلام %(naam)s", ()),
                  (("%(num)d review", "%(num)d reviews"), ("%(num)d ریویو", ""), ()))
    assert catalog_problems(bad) == ["untranslated: 'Search'", "fuzzy: 'Log in'",
                                     "placeholders ['naam'] instead of ['name']: 'Hello %(name)s'",
                                     "untranslated: '%(num)d review'"]


def test_a_string_marked_but_not_in_the_catalog_is_reported(tmp_path):
    (tmp_path / "babel.cfg").write_text("[jinja2: templates/**.html]\n[python: app/**.py]\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text('<p>{{ _("Old text") }} {{ _("New text") }}</p>\n'
                                                      '{{ ngettext("%(num)d spa", "%(num)d spas", n) }}\n')
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "forms.py").write_text('label = _l("Your name")\n')
    ids = extracted_ids(tmp_path)
    assert ids == {"Old text", "New text", "%(num)d spa", "Your name"}
    known = catalog(("Old text", "پرانا", ()), (("%(num)d spa", "%(num)d spas"), ("%(num)d اسپا", "%(num)d اسپا"), ()))
    assert missing_from_catalog(ids, known) == ["New text", "Your name"]


def test_marked_text_jinja_comments_scripts_and_symbols_pass():
    source = textwrap.dedent("""\
        {# A note for developers #}
        <h1>{{ _("Find a center") }}</h1>
        <p>{{ center.name }} · ★ {{ rating }} — 4.5 / 5</p>
        <p>{% trans href=url %}Read <a href="{{ href }}">the guide</a>.{% endtrans %}</p>
        {% if user %}<a href="/x" title="{{ _('Open') }}">{{ user.name }}</a>{% endif %}
        <input type="hidden" name="next" value="search">
        <button type="submit" value="{{ action }}">{{ _("Save") }}</button>
        <script>const label = "not shown";</script><style>.a::after { content: "x"; }</style>
        <p>Sukoon</p>
        <p>{{ _("It looks like") }} <code>K7QP-92XM</code></p>
        """)
    assert unmarked_strings(source) == []


def test_unmarked_text_and_read_attributes_are_reported_with_their_line():
    source = textwrap.dedent("""\
        <h1>{{ _("Find a center") }}</h1>
        <p>{{ count }} reviews</p>
        <input name="q" placeholder="Back pain near Clifton">
        <img src="/x.png" alt="Map of {{ city }}">
        <input type="submit" value="Send">
        <td data-label="Closed"></td>
        <a aria-label="Next page" href="?page=2">→</a>
        {% block title %}Log in · {{ super() }}{% endblock %}
        """)
    assert unmarked_strings(source) == [(2, "reviews"), (3, 'input placeholder="Back pain near Clifton"'),
                                        (4, 'img alt="Map of"'), (5, 'input value="Send"'),
                                        (6, 'td data-label="Closed"'), (7, 'a aria-label="Next page"'),
                                        (8, "Log in ·")]
