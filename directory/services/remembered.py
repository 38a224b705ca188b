"""Facts about the data that cost a query and move slowly (how many centers a minimum rating leaves, how many
documents hold a word, which time zones centers are in), remembered per process for a few minutes.

A stale fact may only choose another way to the same answer, or cost a search that reads and finds nothing; never a
wrong answer. Each fact is kept per database (the session's URL), so two apps in one process (the tests) do not
share them.
"""
import time as clock
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")


class Remembered:
    """Values computed by a query, each kept `seconds` per (database, key); at most `limit` at once."""

    def __init__(self, seconds: float, limit: int):
        self.seconds, self.limit = seconds, limit
        self._kept: dict[tuple[str, Hashable], tuple[float, object]] = {}

    def get(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept for `key` on this session's database, or compute() when none is or it is too old."""
        full_key = (str(session.get_bind().url), key)
        kept = self._kept.get(full_key)
        if kept is None or clock.monotonic() - kept[0] > self.seconds:
            if len(self._kept) >= self.limit:
                self._kept.clear()  # a few hundred distinct keys at most in use: starting over costs a query each
            kept = self._kept[full_key] = (clock.monotonic(), compute())
        return kept[1]

    def forget(self) -> None:
        self._kept.clear()
