"""The massage guide: every massage type, and what the badges mean."""
from flask import Blueprint

bp = Blueprint("guide", __name__)

from . import conditions, views  # register the guide's pages on bp
