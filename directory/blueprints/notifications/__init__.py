"""Mail notifications, the web side: what each mail says (content.py), rendering and sending the outbox
(sender.py, after the response and `flask send-mail`), members' preferences and the one-click stop link."""
from flask import Blueprint

bp = Blueprint("notifications", __name__)

from . import views  # noqa: E402,F401  (registers the views on bp)
