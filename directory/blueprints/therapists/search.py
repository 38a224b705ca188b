"""Therapist search: by place, massage type, focus condition, gender and language."""
from flask import render_template, request

from ...extensions import db
from ...services.centers import all_services
from ...services.conditions import all_conditions
from ...services.public_therapists import LANGUAGES, language_labels
from ...services.therapist_search import TherapistSearchError, search_therapists
from ..common import app_geocode
from . import bp
from .args import parse_therapist_args

RADII = (2, 5, 10, 25, 50)


@bp.get("/")
def search():
    error, result = None, None
    try:
        result = search_therapists(db.session, parse_therapist_args(request.args), geocode=app_geocode)
    except TherapistSearchError as failure:
        error = failure
    return render_template("therapists/search.html", result=result, error=error, languages=LANGUAGES,
                           language_labels=language_labels, services=all_services(db.session),
                           conditions=all_conditions(db.session), radii=RADII)
