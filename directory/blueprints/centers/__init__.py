"""A center's public pages: the page itself, counted contact links, and "report a change"."""
from flask import Blueprint

bp = Blueprint("centers", __name__)

from . import contact, page, reports  # each registers its routes on bp
