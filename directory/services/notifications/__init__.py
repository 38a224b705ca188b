"""Mail notifications: events add rows to the outbox (queue.py) in the caller's transaction, never send; the
sender (outbox.py, driven by the web layer and `flask send-mail`) delivers them with retry; people stop kinds
(preferences.py, stop links in stop_links.py)."""
