"""Accounts: register, log in and out, verify the email, reset or change the password, my profile."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)

from . import views  # registers the routes on bp
