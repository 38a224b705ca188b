"""The account routes: each parses its form, calls one service through perform, then flashes and redirects."""
import logging

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from ...extensions import db
from ...i18n import LANGUAGE_NAMES, current_language, remember, url_in
from ...models import ReviewStatus, Role
from ...services import accounts
from ...services.tokens import RESET_PASSWORD
from ...urls import safe_next
from ..transactions import perform
from . import bp
from .forms import (
    PASSWORD_HINT,
    ChangePasswordForm,
    EmailForm,
    LanguageForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)
from .limits import account_key, login_key, post_limit, signed_in_key
from .mails import send_registration, send_reset, send_verification
from .security import log_event
from .sessions import remind_to_verify, set_device_cookie, start_session

HOME = "main.home"


@bp.context_processor
def template_values() -> dict:
    return {"password_hint": PASSWORD_HINT}


def _after_login() -> str:
    return safe_next(request.args.get("next")) or url_for(HOME)


@bp.route("/register", methods=["GET", "POST"])
@post_limit("RATELIMIT_REGISTER_IP")
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.profile"))
    form = RegisterForm()
    if form.validate_on_submit():
        outcome = perform(accounts.register, db.session, form.email.data, form.display_name.data, form.password.data,
                          language=current_language(), form=form)
        if outcome.ok:
            registration = outcome.value
            log_event("register" if registration.created else "register_taken_address", user_id=registration.user.id)
            send_registration(registration)
            # The same answer whether or not the address had an account: its owner gets a mail instead.
            flash(_("Almost done: we sent a link to %(email)s. Open it within 48 hours to confirm your address and "
                    "sign in.", email=accounts.normalise_email(form.email.data)))
            return redirect(url_for("accounts.login"))
    return render_template("accounts/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@post_limit("RATELIMIT_LOGIN_IP")
@post_limit("RATELIMIT_LOGIN_ACCOUNT", key_func=login_key)
def login():
    if current_user.is_authenticated:
        return redirect(_after_login())
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        outcome = perform(accounts.log_in, db.session, form.email.data, form.password.data)  # commits a rehash
        if outcome.ok:
            user = outcome.value
            start_session(user, remember=form.remember.data)
            log_event("login", user_id=user.id, remember=form.remember.data)
            remind_to_verify(user)
            return set_device_cookie(redirect(_after_login()), user)
        log_event("login_failed", level=logging.WARNING, email=accounts.normalise_email(form.email.data))
        failed = True
    return render_template("accounts/login.html", form=form, failed=failed,
                           next_url=safe_next(request.args.get("next")))


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        perform(accounts.log_out, db.session, user)
        log_event("logout", user_id=user.id)
    session.clear()
    logout_user()  # after clear(): it marks the remember cookie for deletion in the session
    flash(_("You are logged out."))
    return redirect(url_for(HOME))


@bp.route("/verify/<token>")
def verify_email(token: str):
    outcome = perform(accounts.confirm_email, db.session, current_app.secret_key, token)
    if not outcome.ok:
        log_event("verify_email_refused", level=logging.WARNING, reason=outcome.error.reason)
        flash(outcome.error.message, "error")
        return redirect(url_for("accounts.profile" if current_user.is_authenticated else "accounts.login"))
    user = outcome.value
    log_event("email_verified", user_id=user.id)
    if not current_user.is_authenticated:  # the link proves the mailbox: it finishes the registration
        start_session(user, remember=False)
    flash(_("Thank you: your email address is verified. You can post reviews now."))
    return redirect(url_for("accounts.profile"))


@bp.route("/verify/resend", methods=["POST"])
@login_required
@post_limit("RATELIMIT_EMAIL_IP")
@post_limit("RATELIMIT_EMAIL_ACCOUNT", key_func=account_key)
def resend_verification():
    user = current_user._get_current_object()
    if user.email_verified_at is not None:
        flash(_("Your email address is already verified."))
    elif send_verification(user):
        log_event("verification_resent", user_id=user.id)
        flash(_("We sent a new verification link to %(email)s.", email=user.email))
    else:
        flash(_("We could not send the email just now. Please try again later."), "error")
    return redirect(url_for("accounts.profile"))


@bp.route("/forgot", methods=["GET", "POST"])
@post_limit("RATELIMIT_EMAIL_IP")
@post_limit("RATELIMIT_EMAIL_ACCOUNT", key_func=account_key)
def forgot_password():
    form = EmailForm()
    if form.validate_on_submit():
        user = accounts.find_by_email(db.session, form.email.data)
        if user is not None and not user.is_sample:
            send_reset(user)
        log_event("password_reset_requested", email=accounts.normalise_email(form.email.data), known=user is not None)
        # The same answer whether or not the address has an account.
        flash(_("If an account uses that address, we sent it a link to reset the password. The link works for one "
                "hour."))
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@post_limit("RATELIMIT_RESET_IP")
def reset_password(token: str):
    try:
        accounts.user_for_link(db.session, current_app.secret_key, RESET_PASSWORD, token)
    except accounts.BadLink as refused:
        log_event("password_reset_refused", level=logging.WARNING, reason=refused.reason)
        flash(refused.message, "error")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        outcome = perform(accounts.reset_with_link, db.session, current_app.secret_key, token, form.password.data,
                          form=form)
        if outcome.ok:
            log_event("password_reset", user_id=outcome.value.id)
            session.clear()
            logout_user()
            flash(_("Your password has been changed and every device was signed out. Log in with the new password."))
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form, token=token)


@bp.route("/password", methods=["GET", "POST"])
@login_required
@post_limit("RATELIMIT_CHANGE_PASSWORD", key_func=signed_in_key)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        outcome = perform(accounts.change_password, db.session, user, form.current_password.data,
                          form.password.data, form=form)
        if outcome.ok:
            remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
            start_session(user, remember=remember)  # this device carries on under the new session version
            log_event("password_changed", user_id=user.id)
            flash(_("Your password has been changed. Every other device has been signed out."))
            return redirect(url_for("accounts.profile"))
        if isinstance(outcome.error, accounts.WrongPassword):
            log_event("password_change_failed", level=logging.WARNING)
    return render_template("accounts/change_password.html", form=form)


def _profile_page(language_form: LanguageForm, status: int = 200):
    return render_template("accounts/profile.html", user=current_user, language_form=language_form,
                           reviews=accounts.my_reviews(db.session, current_user.id),
                           roles=dict(Role.choices()), statuses=dict(ReviewStatus.choices())), status


@bp.route("/me")
@login_required
def profile():
    return _profile_page(LanguageForm(language=current_user.language or current_language()))


@bp.route("/language", methods=["POST"])
@login_required
def language():
    """The signed-in member's own language (never another's: no user is named): the site's and their mail's."""
    form = LanguageForm()
    if not form.validate_on_submit():
        return _profile_page(form, 400)
    chosen = form.language.data
    perform(accounts.set_language, db.session, current_user._get_current_object(), chosen)
    with force_locale(chosen):
        flash(_("Saved: the site and our emails to you are now in %(language)s.", language=LANGUAGE_NAMES[chosen]))
    return remember(redirect(url_in(chosen, url_for("accounts.profile")[len(request.script_root):], ""), code=303),
                    chosen)
