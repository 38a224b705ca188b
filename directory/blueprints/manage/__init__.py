"""Managing a center: the owner dashboard, claims, new listings, editing a listing, photos, therapists and
credentials, reported changes and visit codes. Managers of the center and admins only (others get 404)."""
from flask import Blueprint

bp = Blueprint("manage", __name__)

# Route modules register their views on bp; imported last, as each imports bp from here.
from . import (
    booking_settings,
    bookings,
    claims,
    dashboard,
    listing,
    new_listing,
    photos,
    reports,
    therapists,
    visit_codes,
)
