"""The sending side of the outbox: claim due rows with a lease, then mark each sent, retried later or given up.

A row is claimed by moving its `next_attempt_at` forward with a conditional UPDATE (only one sender's UPDATE
matches), so two senders (the after-response flush in several workers, `flask send-mail` from cron) never send
the same row at once. A sender that dies mid-send leaves the row to be picked up again when the lease runs out:
delivery is at least once. The caller commits between the claim and the send, so no lock is held while talking
to the mail server.
"""
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ...models import OutboxMail, OutboxStatus
from ...models.base import utcnow

LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 10  # about 17 hours of retries in all
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)


def backoff(attempts: int) -> timedelta:
    """Wait before the next try after `attempts` failed ones: 1, 2, 4 ... minutes, at most 6 hours."""
    return min(FIRST_RETRY * (2 ** max(0, attempts - 1)), LONGEST_WAIT)


def due_ids(session: Session, now: datetime, limit: int) -> list[int]:
    """Queued rows whose time has come, oldest first (served by ix_mail_outbox_due)."""
    return list(session.scalars(
        select(OutboxMail.id).where(OutboxMail.status == OutboxStatus.QUEUED, OutboxMail.next_attempt_at <= now)
        .order_by(OutboxMail.next_attempt_at, OutboxMail.id).limit(limit)))


def claim(session: Session, mail_id: int, now: datetime) -> OutboxMail | None:
    """Take one due row for this sender (None when another sender took it first); counts the attempt."""
    taken = session.execute(
        update(OutboxMail).where(OutboxMail.id == mail_id, OutboxMail.status == OutboxStatus.QUEUED,
                                 OutboxMail.next_attempt_at <= now)
        .values(next_attempt_at=now + LEASE, attempts=OutboxMail.attempts + 1)
        .execution_options(synchronize_session=False))
    if taken.rowcount != 1:
        return None
    row = session.get(OutboxMail, mail_id)
    session.refresh(row)
    return row


def mark_sent(row: OutboxMail, now: datetime | None = None) -> None:
    row.status, row.sent_at, row.last_error = OutboxStatus.SENT, now or utcnow(), ""


def mark_skipped(row: OutboxMail, why: str) -> None:
    row.status, row.last_error = OutboxStatus.SKIPPED, why[:300]


def mark_failed(row: OutboxMail, error: str, now: datetime | None = None) -> None:
    """Try again after the backoff, or give up after MAX_ATTEMPTS (the row stays, with the last error)."""
    row.last_error = error[:300]
    if row.attempts >= MAX_ATTEMPTS:
        row.status = OutboxStatus.FAILED
    else:
        row.next_attempt_at = (now or utcnow()) + backoff(row.attempts)


def overview(session: Session, limit: int = 50) -> tuple[dict[str, int], list[OutboxMail]]:
    """Rows per status, and the newest rows that gave up or are waiting to retry (bounded), for admins."""
    counts = dict(session.execute(select(OutboxMail.status, func.count(OutboxMail.id)).group_by(OutboxMail.status))
                  .all())
    troubled = list(session.scalars(
        select(OutboxMail).where((OutboxMail.status == OutboxStatus.FAILED)
                                 | ((OutboxMail.status == OutboxStatus.QUEUED) & (OutboxMail.attempts > 0)))
        .order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc()).limit(limit)))
    return counts, troubled
