"""Search results: a list of published centers by name, area or city."""
from flask import Blueprint, render_template, request

from ...extensions import db
from ...services.centers import city_counts, list_centers
from ...services.credentials import center_badges, centers_with_verified_therapists
from ...services.hours import local_now
from ...text import clean_text

bp = Blueprint("search", __name__)


@bp.get("/")
def results():
    text = clean_text(request.args.get("q"), 100)
    city = clean_text(request.args.get("city"), 80) or None
    page_number = request.args.get("page", 1, type=int) or 1
    page = list_centers(db.session, text=text, city=city, page=page_number, per_page=20)
    today = local_now("Asia/Karachi").date()
    verified = centers_with_verified_therapists(db.session, [center.id for center in page.items], today)
    badges = {center.id: center_badges(center, today, center.id in verified) for center in page.items}
    return render_template("search/results.html", page=page, text=text, city=city, badges=badges,
                           cities=city_counts(db.session))
