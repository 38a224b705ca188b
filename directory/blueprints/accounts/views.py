"""Accounts: register, log in and out, verify the email, reset or change the password, my profile."""
import logging

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...models import Review, ReviewStatus, Role, User
from ...services import accounts
from ...services.tokens import RESET_PASSWORD, VERIFY_EMAIL, TokenInvalid, read_token
from ...urls import safe_next
from .forms import PASSWORD_HINT, ChangePasswordForm, EmailForm, LoginForm, RegisterForm, ResetPasswordForm
from .limits import account_key, post_limit, signed_in_key
from .mails import send_reset, send_verification
from .security import log_event

bp = Blueprint("accounts", __name__)

HOME = "main.home"


@bp.context_processor
def template_values() -> dict:
    return {"password_hint": PASSWORD_HINT}


def start_session(user: User, remember: bool) -> None:
    """A fresh session for the user: nothing from before the login survives (no session fixation)."""
    session.clear()
    login_user(user, remember=remember, fresh=True)


def _after_login() -> str:
    return safe_next(request.args.get("next")) or url_for(HOME)


@bp.route("/register", methods=["GET", "POST"])
@post_limit("RATELIMIT_REGISTER_IP")
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.profile"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register_user(db.session, form.email.data, form.display_name.data, form.password.data)
        except accounts.AccountError as exc:
            getattr(form, exc.field).errors.append(str(exc))
        else:
            db.session.commit()
            log_event("register", user_id=user.id)
            sent = send_verification(user)
            start_session(user, remember=False)
            message = (f"We sent a link to {user.email}: open it to verify your address before you post reviews."
                       if sent else "We could not send the verification email just now; ask for it again below.")
            flash(f"Welcome, {user.display_name}! {message}")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@post_limit("RATELIMIT_LOGIN_IP")
@post_limit("RATELIMIT_LOGIN_ACCOUNT", key_func=account_key)
def login():
    if current_user.is_authenticated:
        return redirect(_after_login())
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = accounts.authenticate(db.session, form.email.data, form.password.data)
        if user is None:
            log_event("login_failed", level=logging.WARNING, email=accounts.normalise_email(form.email.data))
            failed = True
        else:
            db.session.commit()  # keeps a rehashed password
            start_session(user, remember=form.remember.data)
            log_event("login", user_id=user.id, remember=form.remember.data)
            if user.email_verified_at is None:
                flash("You are logged in. Please verify your email address (see your profile) to post reviews.",
                      "warning")
            return redirect(_after_login())
    return render_template("accounts/login.html", form=form, failed=failed,
                           next_url=safe_next(request.args.get("next")))


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        accounts.revoke_sessions(user)  # a copied session or remember cookie dies with this one
        db.session.commit()
        log_event("logout", user_id=user.id)
    session.clear()
    logout_user()  # after clear(): it marks the remember cookie for deletion in the session
    flash("You are logged out.")
    return redirect(url_for(HOME))


@bp.route("/verify/<token>")
def verify_email(token: str):
    back = url_for("accounts.profile" if current_user.is_authenticated else "accounts.login")
    try:
        user = read_token(db.session, current_app.secret_key, VERIFY_EMAIL, token)
    except TokenInvalid as exc:
        log_event("verify_email_refused", level=logging.WARNING, reason=exc.reason)
        flash("That verification link is invalid, expired or already used. If your email is not verified yet, "
              "log in and ask for a new link from your profile.", "error")
        return redirect(back)
    accounts.verify_email(db.session, user)
    db.session.commit()
    log_event("email_verified", user_id=user.id)
    flash("Thank you: your email address is verified. You can post reviews now.")
    return redirect(back)


@bp.route("/verify/resend", methods=["POST"])
@login_required
@post_limit("RATELIMIT_EMAIL_IP")
@post_limit("RATELIMIT_EMAIL_ACCOUNT", key_func=account_key)
def resend_verification():
    user = current_user._get_current_object()
    if user.email_verified_at is not None:
        flash("Your email address is already verified.")
    elif send_verification(user):
        log_event("verification_resent", user_id=user.id)
        flash(f"We sent a new verification link to {user.email}.")
    else:
        flash("We could not send the email just now. Please try again later.", "error")
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
        flash("If an account uses that address, we sent it a link to reset the password. The link works for one hour.")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@post_limit("RATELIMIT_RESET_IP")
def reset_password(token: str):
    try:
        user = read_token(db.session, current_app.secret_key, RESET_PASSWORD, token)
    except TokenInvalid as exc:
        log_event("password_reset_refused", level=logging.WARNING, reason=exc.reason)
        flash("That reset link is invalid, expired or already used. Ask for a new one here.", "error")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(db.session, user, form.password.data)
        except accounts.AccountError as exc:
            form.password.errors.append(str(exc))
        else:
            db.session.commit()
            log_event("password_reset", user_id=user.id)
            session.clear()
            logout_user()
            flash("Your password has been changed and every device was signed out. Log in with the new password.")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form, token=token)


@bp.route("/password", methods=["GET", "POST"])
@login_required
@post_limit("RATELIMIT_CHANGE_PASSWORD", key_func=signed_in_key)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            accounts.change_password(db.session, user, form.current_password.data, form.password.data)
        except accounts.AccountError as exc:
            getattr(form, exc.field).errors.append(str(exc))
            if isinstance(exc, accounts.WrongPassword):
                log_event("password_change_failed", level=logging.WARNING)
        else:
            db.session.commit()
            remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
            start_session(user, remember=remember)  # this device carries on under the new session version
            log_event("password_changed", user_id=user.id)
            flash("Your password has been changed. Every other device has been signed out.")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/me")
@login_required
def profile():
    reviews = db.session.scalars(
        select(Review).options(joinedload(Review.center))
        .where(Review.author_id == current_user.id, Review.status != ReviewStatus.DELETED)
        .order_by(Review.created_at.desc())).all()
    return render_template("accounts/profile.html", user=current_user, reviews=reviews,
                           roles=dict(Role.choices()), statuses=dict(ReviewStatus.choices()))
