"""Public side of a listing's upkeep: "report a change", and contact links that count clicks before redirecting."""
import re

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ... import insights_buffer
from ...extensions import db, limiter
from ...models import Center, CenterStatus, ChangeKind
from ...services.change_reports import DETAILS_MAX, DETAILS_MIN, EMAIL_MAX, ReportError, submit_report
from ..accounts.limits import friendly_message, log_breach
from .views import bp

CHANNELS = ("phone", "whatsapp", "website")


def published_center_or_404(slug: str) -> Center:
    center = db.session.scalar(select(Center).where(Center.slug == slug[:120],
                                                    Center.status == CenterStatus.PUBLISHED))
    if center is None:
        abort(404)
    return center


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
    center = published_center_or_404(slug)
    target = contact_target(center, channel)
    if target is None:
        abort(404)
    insights_buffer.count_contact_click(center.id, request.user_agent.string)
    response = redirect(target, 302)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"  # every click is counted, none answered from a cache
    return response


class ReportForm(FlaskForm):
    kind = SelectField("What is wrong?",
                       choices=[SelectChoice(value, label) for value, label in ChangeKind.choices()],
                       validators=[InputRequired(message="Choose what is wrong.")])
    details = TextAreaField("What should it say instead?", validators=[
        InputRequired(message="Describe the change."),
        Length(min=DETAILS_MIN, max=DETAILS_MAX,
               message=f"Describe the change in {DETAILS_MIN} to {DETAILS_MAX} characters.")])
    email = StringField("Your email (optional)", validators=[
        Optional(), Length(max=EMAIL_MAX, message="That email address is too long.")])
    website = StringField("Leave this field empty")  # a honeypot: people never see it, form-filling bots do


def report_limit() -> str:
    return current_app.config.get("RATELIMIT_CHANGE_REPORT", "5/hour")


@bp.route("/<slug>/report", methods=["GET", "POST"])
@limiter.limit(report_limit, methods=["POST"], error_message=friendly_message, on_breach=log_breach)
def report(slug: str):
    center = published_center_or_404(slug)
    form = ReportForm()
    if form.validate_on_submit():
        if form.website.data:  # a bot filled the hidden field: thank it and keep nothing
            return _thanks(center)
        reporter = current_user if current_user.is_authenticated else None
        try:
            submit_report(db.session, center, form.kind.data, form.details.data, reporter, form.email.data or "")
            db.session.commit()
        except ReportError as error:
            db.session.rollback()
            form[error.field].errors.append(error.message)
        else:
            return _thanks(center)
    return render_template("centers/report.html", center=center, form=form)


def _thanks(center: Center):
    flash("Thank you. Your correction goes to the people who run this listing (or to our team); they will check it.",
          "success")
    return redirect(url_for("centers.show", slug=center.slug))
