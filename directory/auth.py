"""Flask-Login wiring: sessions name a user and the session version they were issued under."""
from flask_babel import gettext

from .extensions import db, login_manager
from .models import User


def N_(text: str) -> str:
    """Marks a string for the catalog; Flask-Login translates it when it flashes it (localize_callback)."""
    return text


login_manager.session_protection = "basic"
login_manager.login_view = "accounts.login"
login_manager.login_message = N_("Please log in to see that page.")
login_manager.localize_callback = gettext
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """A session is valid only while its version matches the user's current one."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return user
