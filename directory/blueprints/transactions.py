"""How a route finishes a change: commit it, or roll it back and show the refusal where the person will see it.

Routes call one service through `perform`; services never commit. A `ServiceError` (or a concurrent save caught by
the listing's version counter) rolls the whole transaction back, so nothing is half-written.
"""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError

from ..errors import field_error
from ..extensions import db
from ..services.errors import ServiceError
from ..services.listings.versions import StaleEdit


@dataclass(frozen=True)
class Outcome:
    """What one service call came to: its value, or the refusal (already rolled back)."""

    value: Any = None
    error: ServiceError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def stale(self) -> bool:
        """Another editor saved the listing first: the route shows the current data again (409)."""
        return isinstance(self.error, StaleEdit)


def perform(service: Callable[..., Any], *args: Any, form: FlaskForm | None = None, **kwargs: Any) -> Outcome:
    """Call `service(*args, **kwargs)` and commit; on a refusal roll back and put its message on `form`."""
    try:
        value = service(*args, **kwargs)
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        error: ServiceError = StaleEdit()
    except ServiceError as refused:
        db.session.rollback()
        error = refused
    else:
        return Outcome(value)
    if form is not None and not isinstance(error, StaleEdit):
        show_error(form, error)
    return Outcome(error=error)


def show_error(form: FlaskForm, error: ServiceError) -> None:
    """The message under its field, or at the top of the form when it names none (or one the form lacks)."""
    field = error.field if isinstance(error.field, str) and error.field in form else None
    target = form[field].errors if field else form.form_errors
    if isinstance(target, tuple):  # a field that was never validated has a tuple
        form[field].errors = target = list(target)
    target.append(error.message)


def api_refusal(error: ServiceError) -> NoReturn:
    """Answer an API request with the refusal as `{"error": {...}}` and the error's status."""
    field_error(error.field or "query", error.message, status=error.status)
