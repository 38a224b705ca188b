"""Therapists' public pages: one therapist, and therapist search."""
from flask import Blueprint, url_for

from ...services.public_therapists import name_slug

bp = Blueprint("therapists", __name__)


@bp.app_template_global()
def therapist_url(therapist, **values) -> str:
    """The canonical address of a therapist's page: /therapists/12-ayesha-khan."""
    return url_for("therapists.show", therapist_id=therapist.id, slug=name_slug(therapist.name), **values)


from . import page, search  # noqa: E402  register their routes on bp
