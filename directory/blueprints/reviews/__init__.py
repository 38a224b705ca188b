"""Reviews: write, edit, delete, vote helpful, report, reply (center managers), list, and the public rules."""
from flask import Blueprint

bp = Blueprint("reviews", __name__)

from . import photos, views  # register the review routes on bp
