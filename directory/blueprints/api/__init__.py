"""Public JSON API, version 1 (read-only): search, center detail, reviews, the massage-type catalog, places."""
from flask_smorest import Blueprint

bp = Blueprint("api", __name__, description="Find spa and massage centers, read their menus and reviews.")

from . import conditions, therapists, views  # register the endpoints on bp
