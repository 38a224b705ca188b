"""My bookings: a member's own requests, newest first, a page at a time (only ever their own)."""
from flask import render_template, request
from flask_login import current_user, login_required

from ...extensions import db
from ...services.bookings.queries import member_requests
from . import bp


@bp.get("/bookings/mine")
@login_required
def mine():
    page = request.args.get("page", "1")
    number = int(page) if page.isascii() and page.isdecimal() else 1
    found = member_requests(db.session, current_user.id, number)
    return render_template("bookings/mine.html", page=found), 200, {"Cache-Control": "no-store"}
