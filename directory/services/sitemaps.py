"""Sitemap files of at most 50,000 centers each, cut by id range so any file is read with one bounded index scan."""
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Center, CenterStatus

SITEMAP_URLS = 50_000  # the sitemap protocol's limit per file


def center_sitemap_count(session: Session) -> int:
    """How many center sitemap files there are: one per id range of SITEMAP_URLS (max(id) reads one index entry)."""
    highest = session.scalar(select(func.max(Center.id)))
    return 0 if highest is None else (highest - 1) // SITEMAP_URLS + 1


def center_sitemap_rows(session: Session, part: int, batch: int = 1_000) -> Iterator[tuple[str, datetime | None]]:
    """Slug and last change of the published centers in file `part` (ids part*N+1 .. (part+1)*N), streamed by id."""
    stmt = (select(Center.slug, Center.updated_at)
            .where(Center.id > part * SITEMAP_URLS, Center.id <= (part + 1) * SITEMAP_URLS,
                   Center.status == CenterStatus.PUBLISHED)
            .order_by(Center.id).execution_options(yield_per=batch))
    yield from session.execute(stmt)
