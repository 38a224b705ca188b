"""Serving uploaded photos (full size and thumbnails): public for published listings, else managers and admins."""
from flask import Blueprint

bp = Blueprint("media", __name__)

# Route modules register their views on bp; imported last, as each imports bp from here.
from . import photos, review_photos
