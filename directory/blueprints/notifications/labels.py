"""The kinds of mail in words (models/notification.py MailKind), for the preferences form and every mail's footer."""
from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "booking_updates": _l("Updates on my booking requests (sent, confirmed, declined, another time, cancelled, "
                          "the invitation to review)"),
    "booking_requests": _l("New booking requests at centers I manage"),
    "claim_decisions": _l("Decisions on my claims to manage a center"),
    "new_reviews": _l("New reviews of centers I manage"),
    "review_replies": _l("Replies to my reviews"),
    "change_reports": _l("Changes reported on centers I manage"),
}
