"""Row locks that make changes to one center run one at a time."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Center


def lock_center(session: Session, center_id: int) -> None:
    """Lock the center row until commit, so review changes and rating recounts of one center run one at a time."""
    # PostgreSQL takes a row lock; SQLite renders no FOR UPDATE, but it serialises writers anyway (and the unique
    # constraint settles concurrent duplicates there).
    session.execute(select(Center.id).where(Center.id == center_id).with_for_update())
