"""Sitemap files of centers cut by id range, so any file is read with one bounded index scan.

Every center page is listed once per language (its own <url>, with the other language as an hreflang alternate),
so a file holds SITEMAP_URLS // languages centers: at most SITEMAP_URLS <url> entries, the protocol's limit."""
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Center, CenterStatus

SITEMAP_URLS = 50_000  # the sitemap protocol's limit of <url> entries per file


def centers_per_file(languages: int) -> int:
    """How many centers fit in one file when each is listed once per language."""
    return max(1, SITEMAP_URLS // languages)


def center_sitemap_count(session: Session, languages: int) -> int:
    """How many center sitemap files there are: one per id range (max(id) reads one index entry)."""
    highest = session.scalar(select(func.max(Center.id)))
    return 0 if highest is None else (highest - 1) // centers_per_file(languages) + 1


def center_sitemap_rows(session: Session, part: int, languages: int,
                        batch: int = 1_000) -> Iterator[tuple[str, datetime | None]]:
    """Slug and last change of the published centers in file `part` (ids part*N+1 .. (part+1)*N), streamed by id."""
    size = centers_per_file(languages)
    stmt = (select(Center.slug, Center.updated_at)
            .where(Center.id > part * size, Center.id <= (part + 1) * size,
                   Center.status == CenterStatus.PUBLISHED)
            .order_by(Center.id).execution_options(yield_per=batch))
    yield from session.execute(stmt)
