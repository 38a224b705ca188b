"""Administration: the admin home and every queue (listings, claims, credentials, reported changes, reviews),
deleted listings and the audit log. Admins only."""
from flask import Blueprint

bp = Blueprint("admin", __name__)

# Route modules register their views on bp; imported last, as each imports bp from here.
from . import audit, claims, credentials, listings, moderation, reports, review_photos
