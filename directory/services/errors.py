"""The one error every service raises when a rule refuses an action.

`message` is for the person (shown on the form or in the JSON error), `field` names the form field at fault (None:
the whole form). `status` is the HTTP status an API answer uses; the web layer maps it, services never answer.
"""


class ServiceError(Exception):
    """A rule refused the action; nothing was written (the web layer rolls the transaction back)."""

    field: str | None = None
    status: int = 400

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field
