"""The one shape every queue decision takes (moderation, claims, credentials, listings, reported changes): validate
the posted form, make the decision through `perform`, and flash how it went; the route then redirects."""
from collections.abc import Callable

from flask import flash
from flask_login import current_user
from flask_wtf import FlaskForm

from ..extensions import db
from .transactions import Outcome, perform


def decide(form: FlaskForm, service: Callable, *args, success: str, stale: str | None = None) -> Outcome | None:
    """Run `service(session, current_user, *args)` for a valid form; flash `success` or the refusal (`stale` when
    the listing changed since the page was drawn). None when the form was invalid (its errors are flashed)."""
    if not form.validate_on_submit():
        flash(" ".join(str(error) for messages in form.errors.values() for error in messages), "error")
        return None
    outcome = perform(service, db.session, current_user, *args)
    if outcome.ok:
        flash(success, "success")
    else:
        flash(stale if outcome.stale and stale else outcome.error.message, "error")
    return outcome
