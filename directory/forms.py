"""The base of the site's forms: WTForms' own messages ("This field is required.", length and number limits) in the
page's language, from the site's catalog (WTForms ships no Urdu catalog, so Flask-WTF's default leaves them English).
"""
from flask_babel import get_translations
from flask_babel import lazy_gettext as N_
from flask_babel import lazy_ngettext as ngettext  # lazy; named so `make messages` extracts it
from flask_wtf import FlaskForm

# WTForms' built-in messages, marked here so `make messages` puts them in the catalog (they are looked up by their
# English text when WTForms asks, so these strings must match WTForms' own word for word).
WTFORMS_MESSAGES = (
    N_("This field is required."), N_("Not a valid choice."), N_("Not a valid integer value."),
    N_("Not a valid decimal value."), N_("Not a valid float value."), N_("Not a valid date value."),
    N_("Not a valid time value."), N_("Not a valid datetime value."), N_("Invalid email address."),
    N_("Invalid input."), N_("Invalid URL."), N_("Invalid Choice: could not coerce."),
    N_("Number must be at least %(min)s."), N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."), N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Field must be equal to %(other_name)s."), N_("Date must be at least %(min)s."),
    N_("Date must be at most %(max)s."), N_("Date must be between %(min)s and %(max)s."),
    N_("The CSRF token is missing."), N_("The CSRF token has expired."), N_("The CSRF token is invalid."),
)
WTFORMS_PLURALS = (
    ngettext("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long.", 1),
    ngettext("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters.", 1),
    ngettext("Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long.", 1),
)


class _CatalogTranslations:
    """What WTForms calls: the site's catalog, unformatted (WTForms fills the placeholders itself)."""

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


class Form(FlaskForm):
    """Every form of the site derives from this one, so WTForms' messages follow the page's language."""

    class Meta:
        def get_translations(self, form):
            return _CatalogTranslations()

    def validate(self, extra_validators=None) -> bool:
        """Validate, then turn lazy messages into plain strings: a template escapes those (a lazy string counts as
        markup, so an apostrophe would reach the page unescaped), and flash() can store them in the session."""
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field.errors, list | tuple):
                field.errors = [str(error) for error in field.errors]
        self.form_errors = [str(error) for error in self.form_errors]
        return valid

