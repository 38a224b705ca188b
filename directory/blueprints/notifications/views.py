"""A member's mail preferences (account settings) and the one-click stop link every mail carries (no login)."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, widgets

from ...extensions import csrf, db
from ...models import MailKind
from ...services.notifications import outbox
from ...services.notifications.preferences import save_preferences, stopped_kinds
from ...services.notifications.stop_links import link_stopped, read_stop_token, stop_from_link
from ..guards import role_required
from ..transactions import perform
from . import bp
from .labels import KIND_LABELS


class PreferencesForm(FlaskForm):
    wanted = SelectMultipleField(_l("Send me mail about"), choices=list(KIND_LABELS.items()),
                                 option_widget=widgets.CheckboxInput(), widget=widgets.ListWidget(prefix_label=False))


@bp.route("/accounts/notifications", methods=["GET", "POST"])
@login_required
def preferences():
    form = PreferencesForm()
    if request.method == "GET":
        form.wanted.data = [kind for kind in KIND_LABELS if kind not in stopped_kinds(db.session, current_user.id)]
    if form.validate_on_submit():
        if perform(save_preferences, db.session, current_user, set(form.wanted.data or []), form=form).ok:
            flash(_("Your mail choices are saved."), "success")
            return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form), 422 if form.errors else 200


@bp.route("/mail/stop/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" with no cookie; the token is the key
def stop(token: str):
    found = read_stop_token(current_app.secret_key, token) or abort(404)
    kind, user_id, mail_id = found
    if request.method == "POST":  # GET only asks: link scanners in mail systems open links without a person
        perform(stop_from_link, db.session, kind, user_id, mail_id)
    stopped = link_stopped(db.session, kind, user_id, mail_id)
    if stopped is None:
        abort(404)
    page = render_template("notifications/stop.html", kind=KIND_LABELS[MailKind(kind)], stopped=stopped,
                           signed_in=current_user.is_authenticated)
    return page, 200, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


@bp.get("/admin/mail")
@role_required("admin")
def outbox_overview():
    counts, troubled = outbox.overview(db.session)
    return render_template("notifications/outbox.html", counts=counts, troubled=troubled)
