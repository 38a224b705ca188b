"""The audit log: every admin and owner action, newest first, a page at a time. Admins only."""
from flask import render_template

from ...extensions import db
from ...services.audit import latest_entries
from ..common import page_arg
from ..guards import role_required
from . import bp


@bp.get("/audit")
@role_required("admin")
def audit():
    return render_template("admin/audit.html", page=latest_entries(db.session, page_arg()))
