"""My bookings: a member's own requests, newest first, a page at a time (only ever their own)."""
from flask import render_template
from flask_login import current_user, login_required

from ...extensions import db
from ...services.bookings.queries import member_requests
from ..common import page_arg
from . import bp


@bp.get("/bookings/mine")
@login_required
def mine():
    found = member_requests(db.session, current_user.id, page_arg())
    return render_template("bookings/mine.html", page=found), 200, {"Cache-Control": "no-store"}
