"""Booking requests from the public side: the request form and the status page behind its unguessable link."""
from flask import Blueprint

bp = Blueprint("bookings", __name__)

from . import mine, views  # noqa: E402,F401  (registers the views on bp)
