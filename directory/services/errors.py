"""The one error every service raises when a rule refuses an action.

`message` is for the person (shown on the form or in the JSON error), `field` names the form field at fault (None:
the whole form). Services pass a lazy string (`lazy_gettext`): `message` translates it when the web layer reads it,
in the language of the page asking, so services never touch the request. `status` is the HTTP status an API answer
uses; the web layer maps it, services never answer.
"""


class ServiceError(Exception):
    """A rule refused the action; nothing was written (the web layer rolls the transaction back)."""

    field: str | None = None
    status: int = 400

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.raw_message = message  # maybe lazy: translated when read
        if field is not None:
            self.field = field

    @property
    def message(self) -> str:
        """The message in the current language, as a plain string (for forms, flash messages and JSON)."""
        return str(self.raw_message)
