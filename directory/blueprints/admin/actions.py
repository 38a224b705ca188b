"""The one shape every admin decision takes: validate the posted note, act, commit, say how it went, go back."""
from collections.abc import Callable

from flask import flash, redirect, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from ...extensions import db


def decide(form: FlaskForm, action: Callable, subject, text: str, errors: tuple[type[Exception], ...],
           success: str, back: str):
    """Run `action(session, admin, subject, text)` for a valid form; a domain error rolls back and is shown."""
    if not form.validate_on_submit():
        flash(" ".join(error for messages in form.errors.values() for error in messages), "error")
    else:
        try:
            action(db.session, current_user, subject, text)
            db.session.commit()
        except errors as error:
            db.session.rollback()
            flash(getattr(error, "message", str(error)), "error")
        else:
            flash(success, "success")
    return redirect(url_for(back))
