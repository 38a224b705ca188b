"""Guide pages by need: the conditions catalog, one condition, and how to choose a therapist."""
from flask import abort, render_template

from ...extensions import db
from ...services.conditions import all_conditions, focus_therapists, get_condition, suited_services
from . import bp


@bp.get("/conditions/")
def conditions():
    return render_template("guide/conditions.html", conditions=all_conditions(db.session))


@bp.get("/conditions/<slug>")
def condition(slug: str):
    found = get_condition(db.session, slug[:60])
    if found is None:
        abort(404)
    return render_template("guide/condition.html", condition=found, services=suited_services(found),
                           therapists=focus_therapists(db.session, found.id))


@bp.get("/choosing-a-therapist")
def choosing_therapist():
    return render_template("guide/choosing_therapist.html")
