"""A page of results that HTML views and the JSON API both understand."""
import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


class Paged:
    """Page arithmetic for anything with `total`, `page` and `per_page`."""

    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


@dataclass(frozen=True)
class Page(Paged):
    items: list[Any]
    total: int
    page: int
    per_page: int
    max_page: int | None = None

    @property
    def truncated(self) -> bool:
        """The count stopped at `max_page`: rows may lie beyond the last page shown."""
        return self.max_page is not None and self.total >= self.max_page * self.per_page


def paginate(session: Session, stmt: Select, page: int, per_page: int, max_page: int | None = None,
             clamp: bool = False) -> Page:
    """Run `stmt` for one page and count the whole result (with `max_page`, only as far as that page reaches).

    With `clamp`, a page past the last one shows the last (an HTML list; the API answers it with no items)."""
    page = max(1, page) if max_page is None else min(max(1, page), max_page)
    counted = stmt.order_by(None) if max_page is None else stmt.order_by(None).limit(max_page * per_page)
    total = session.scalar(select(func.count()).select_from(counted.subquery())) or 0
    if clamp:
        page = min(page, max(1, math.ceil(total / per_page)))
    items = list(session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).unique())
    return Page(items=items, total=total, page=page, per_page=per_page, max_page=max_page)
