"""The home page, health and readiness probes, sitemap and robots.txt."""
from flask import Blueprint

bp = Blueprint("main", __name__)

from . import language, probes, sitemaps, views  # each registers its routes on bp
