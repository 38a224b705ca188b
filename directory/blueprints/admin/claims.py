"""Admins decide claims: pending claims grouped by center, approve (claimant becomes a manager) or reject."""
from flask import redirect, render_template, url_for
from flask_babel import gettext as _

from ...extensions import db
from ...models import CenterClaim
from ...services.claims import approve_claim, pending_by_center, reject_claim, role_label
from ...services.evidence import evidence_by_id
from ..decisions import decide
from ..guards import role_required
from . import bp
from .forms import ApproveClaimForm, RejectClaimForm


@bp.get("/claims")
@role_required("admin")
def claims():
    groups = pending_by_center(db.session)
    documents = evidence_by_id(db.session, [claim.evidence_file_id for group in groups for claim, _ in group.claims])
    return render_template("admin/claims.html", groups=groups, role_label=role_label, documents=documents)


def _decide(service, form, claim_id: int, success: str):
    claim = db.get_or_404(CenterClaim, claim_id)
    decide(form, service, claim, form.reason.data or "", success=success)
    return redirect(url_for("admin.claims"))


@bp.post("/claims/<int:claim_id>/approve", endpoint="approve_claim")
@role_required("admin")
def approve_claim_view(claim_id: int):
    return _decide(approve_claim, ApproveClaimForm(), claim_id, _("Claim approved: the claimant now manages the "
                                                                  "listing."))


@bp.post("/claims/<int:claim_id>/reject", endpoint="reject_claim")
@role_required("admin")
def reject_claim_view(claim_id: int):
    return _decide(reject_claim, RejectClaimForm(), claim_id, _("Claim rejected; the claimant sees your reason."))
