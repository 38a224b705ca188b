"""Contact links on a center's page: counted for the owner's insights, then sent on to the phone, WhatsApp or site."""
import re

from flask import abort, redirect, request

from ... import insights_buffer
from ...models import Center
from ..guards import get_published_center_or_404
from . import bp

CHANNELS = ("phone", "whatsapp", "website")


def contact_target(center: Center, channel: str) -> str | None:
    """Where a contact link goes, built only from the center's own row (never from the request)."""
    if channel == "phone":
        digits = re.sub(r"[^\d+]", "", center.phone or "")
        return f"tel:{digits}" if re.search(r"\d", digits) else None
    if channel == "whatsapp":
        digits = re.sub(r"\D", "", center.whatsapp or "")
        return f"https://wa.me/{digits}" if digits else None
    if channel == "website":
        website = (center.website or "").strip()
        return website if website.startswith(("https://", "http://")) and len(website) > 8 else None
    return None


@bp.get("/<slug>/contact/<channel>")
def contact(slug: str, channel: str):
    if channel not in CHANNELS:
        abort(404)
    center = get_published_center_or_404(slug, details=False)
    target = contact_target(center, channel)
    if target is None:
        abort(404)
    insights_buffer.count_contact_click(center.id, request.user_agent.string)
    response = redirect(target, 302)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"  # every click is counted, none answered from a cache
    return response
