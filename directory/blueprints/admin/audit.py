"""The audit log: every admin and owner action, newest first, a page at a time. Admins only."""
from flask import render_template, request

from ...extensions import db
from ...services.audit import latest_entries
from ..guards import role_required
from . import bp

PAGE_MAX = 10_000


@bp.get("/audit")
@role_required("admin")
def audit():
    page = request.args.get("page", "1")
    page = int(page) if page.isdecimal() and page.isascii() and 0 < int(page) <= PAGE_MAX else 1
    return render_template("admin/audit.html", page=latest_entries(db.session, page))
