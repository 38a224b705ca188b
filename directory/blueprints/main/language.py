"""The header's language link: remember the choice, then open the same page in that language."""
from flask import abort, redirect, request
from flask_login import current_user

from ...extensions import db
from ...i18n import LANGUAGES, remember, url_in
from ...services.accounts import set_language
from ...urls import safe_next
from ..transactions import perform
from . import bp


@bp.get("/language/<language>")
def choose_language(language: str):
    if language not in LANGUAGES:
        abort(404)
    if current_user.is_authenticated:
        perform(set_language, db.session, current_user, language)
    target = safe_next(request.args.get("next")) or "/"
    path, _, query = target.partition("?")
    return remember(redirect(url_in(language, path, query), code=303), language)
