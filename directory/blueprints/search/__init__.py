"""The search page: one box for places and names, filters in the URL, a list and a map."""
from flask import Blueprint

bp = Blueprint("search", __name__)

from . import views  # registers the results page on bp
