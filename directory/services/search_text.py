"""Free text, tested the way its number of matching documents makes cheapest.

Every search word is a prefix ("spa" finds "spas"). A reader in a sort's order (or nearest first) tests candidates
until a page is full; how a candidate is best tested depends on how many documents hold the words (M) among how
many centers (N):
- few are read themselves and sorted whole, in any sort and circle (search_rare.page): M rows. Testing candidates
  instead, a page and its total read ~200 x N / M of them ("jasmine haven", 1 in 400 at 1M: 37 ms within 50 km on
  SQLite, 250 ms on PostgreSQL). The two cost the same where M^2 ~ 50 N: up to few_limit(N) (7,000 at 1M, 2,200 at
  100k) the few are read;
- on SQLite, some (a word of a district's name, 1 in 40-80 at 1M) are written once per search into a temporary
  table each candidate is looked up in (~0.17 us a match to write, a lookup ~0.1 us): `id IN (matches)` built its
  set again for every statement. Worth it while writing M costs less than testing the candidates that hold the
  matches the search reads (R: a page and its total near a place; without one the page alone, its total being read
  from the full-text index), a test costing about TESTS_PER_WRITE writes: M^2 < 8 R N (some_limit: 42,000 at 1M
  near a place, 13,000 for a first page without one);
- more ("serene", 1 in 20; "spa", a third) are tested candidate by candidate against the candidate's own document,
  which holds its words one space apart (`instr`, ~1-2 us; a correlated MATCH cost 3-30): a page of "spa" tests
  ~60. PostgreSQL tests each candidate's stored words past few_limit: its GIN index yields a set only whole (13 ms
  for "serene"), never as far as a page needs.

SQLite counts the matches from its full-text index as far as the choice needs (some_limit + 1; its prefix indexes
make that 0.1 ms a word); PostgreSQL takes its planner's estimate (the words' statistics; 0.1-0.3 ms, within 1% of
the bench data's counts), as counting builds the whole bitmap (30 ms for "spa"). N is the highest center id. Both
are remembered for five minutes (services/remembered.py); a stale or wrong size chooses another way to the same
answer, never another.
"""
import math
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, column, delete, exists, func, insert, literal, select, table, text
from sqlalchemy.orm import Session

from ..models import Center, CenterDocument
from ..models.search import PREFIX_LENGTHS, PREFIX_MARK
from ..text import search_words
from .remembered import Remembered
from .search_filters import not_a_seek

FEW_SCALE = 50  # few_limit(N) = sqrt(FEW_SCALE x N)
TESTS_PER_WRITE = 8  # a candidate's document tested (SQLite, instr on its row: ~1-2 us) costs ~8 matches written
READS = 200  # matches a search reads by testing candidates, by default: a page and its total (search.COUNT_CAP)
MAX_WORDS = 8
SIZES = Remembered(seconds=300, limit=4_096)  # the centers' count and each text's number of documents


@dataclass(frozen=True)
class TextMatch:
    """A text query's condition on Center, chosen by its number of matching documents."""

    condition: ColumnElement[bool]
    few: bool  # at most few_limit(N) documents match: read them and sort whole
    fts: str | None = None  # SQLite: the full-text index's MATCH expression

    def up_to(self, bound: int) -> ColumnElement[bool] | None:
        """SQLite: the condition for the centers with ids up to `bound` only, as the matches read from the full-text
        index in id order as far as `bound` (FTS5 seeks a rowid range): a set the database reads first, where
        testing each center's own document costs 5-16 us (search._count's sample of the first published centers by
        id: "spa" 2.7 ms). None on PostgreSQL (its index yields a set only whole)."""
        if self.fts is None:
            return None
        matches = select(text("rowid")).select_from(text("center_documents_fts")).where(
            text("center_documents_fts MATCH :fts AND rowid <= :bound").bindparams(fts=self.fts, bound=bound))
        return Center.id.in_(matches)


def words(query: str) -> list[str]:
    """The query's words, folded as the documents' are (text.search_words): "كلفٹن" finds "کلفٹن", "cafe" "Café"."""
    return search_words(query)[:MAX_WORDS]


def match(session: Session, query: str, reads: int = READS) -> TextMatch | None:
    """The condition for centers whose document holds every word of `query` as a prefix (None: no words). `reads`:
    how many matches the search will read by testing candidates in some order (some_limit)."""
    found = words(query)
    if not found:
        return None
    postgresql = session.get_bind().dialect.name == "postgresql"
    expression = _tsquery(found) if postgresql else " ".join(f'"{word}"*' for word in found)
    matches = _matches(expression, postgresql)
    centers = SIZES.get(session, "#centers", lambda: session.scalar(select(func.max(Center.id))) or 0)
    few = few_limit(centers)
    some = max(some_limit(centers, reads), few)  # (no set between: past the few, each candidate is tested)
    size = SIZES.get(session, (expression, some), lambda: _estimate(session, matches) if postgresql
                       else _count(session, matches, (few, some)))
    if size <= few:
        return TextMatch(Center.id.in_(matches), True)  # the planner reads the matches first
    if postgresql:  # OFFSET 0: kept a subplan run per candidate (see _per_candidate)
        return TextMatch(_per_candidate(expression), False)
    if size <= some:
        return TextMatch(not_a_seek(Center.id).in_(_gathered(session, matches)), False, expression)
    return TextMatch(_in_document(found), False, expression)


# SQLite: a connection's own temporary table (never shared: one search at a time uses a connection)
_GATHERED = table("text_matches", column("id"), schema="temp")


def _gathered(session: Session, matches: Select) -> Select:
    """SQLite: the matches written once into a temporary table keyed by id, for every statement of this search to
    look candidates up in (not a seek: the candidates drive). `id IN (matches)` built its set again for each
    statement (6.5 ms for "serene"'s 50,000), and a search runs three to six: nearer boxes, the total.
    Writing them costs 9 ms; a lookup then ~0.1 us. The temporary database is the connection's alone: no lock on
    the main one. Filled again by every search that needs it."""
    connection = session.connection()
    connection.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS text_matches (id INTEGER PRIMARY KEY)")
    connection.execute(delete(_GATHERED))
    connection.execute(insert(_GATHERED).from_select(["id"], matches))
    return select(_GATHERED.c.id)


def _in_document(found: list[str]) -> ColumnElement[bool]:
    """SQLite: the candidate's own document holds a word beginning with each of the words. The document is its words
    one space apart, a space before each (models/search.py), so a word begins where ' ' + word is found: the same
    answer as the full-text index's MATCH, at ~1-2 us a candidate against 3-30 us (FTS5 opens a cursor and parses
    the expression for each)."""
    return exists(select(CenterDocument.center_id).where(
        CenterDocument.center_id == Center.id, *(func.instr(CenterDocument.body, literal(f" {word}")) > 0
                                                 for word in found)))


def _per_candidate(expression: str) -> ColumnElement[bool]:
    """PostgreSQL: the candidate's own document matches. OFFSET 0 keeps the EXISTS a subplan run per candidate:
    without it PostgreSQL may hash the whole match set instead, counting on the candidates of a scan without its
    LIMIT (a filtered total read 50,000 documents of "serene" for 2,000 candidates: 114 ms; 2 ms per candidate)."""
    return exists(select(CenterDocument.center_id).where(CenterDocument.center_id == Center.id,
                                                         _tsv_match(expression)).offset(0))


def _tsquery(found: list[str]) -> str:
    """PostgreSQL: each word as the lexeme itself or a lexeme's beginning (models/search.py: PREFIX_MARK, stored for
    beginnings of PREFIX_LENGTHS letters); a word of other lengths as a prefix match. The words are letters and
    digits only (words()), so quoting them as lexemes is safe."""
    low, high = PREFIX_LENGTHS
    return " & ".join(f"('{word}' | '{word}{PREFIX_MARK}')" if low <= len(word) <= high else f"'{word}':*"
                      for word in found)


def _tsv_match(expression: str):
    """The document's stored words (models/search.py, POSTGRESQL_TEXT) match the query (tsquery syntax)."""
    return text("center_documents.terms @@ CAST(:tsq AS tsquery)").bindparams(tsq=expression)


def _matches(expression: str, postgresql: bool) -> Select:
    """The ids of the centers whose documents match, read from the full-text index."""
    if postgresql:
        return select(CenterDocument.center_id).where(_tsv_match(expression))
    return select(text("rowid")).select_from(text("center_documents_fts")).where(
        text("center_documents_fts MATCH :fts").bindparams(fts=expression))


def few_limit(centers: int) -> int:
    """The most matches read and sorted whole among this many centers."""
    return math.isqrt(FEW_SCALE * centers)


def some_limit(centers: int, reads: int = READS) -> int:
    """The most matches SQLite writes into a temporary table rather than test each candidate's document, for a
    search that reads `reads` matches by testing candidates (about reads x centers / M of them)."""
    return math.isqrt(int(TESTS_PER_WRITE * reads * centers))


def _count(session: Session, matches: Select, limits: tuple[int, int]) -> int:
    """SQLite: the matches counted to the first limit + 1 and, past it, to the second + 1."""
    size = 0
    for limit in limits:
        size = session.scalar(select(func.count()).select_from(matches.limit(limit + 1).subquery())) or 0
        if size <= limit:
            break
    return size


def _estimate(session: Session, matches: Select) -> int:
    """PostgreSQL's estimate of the matches (the plan's rows), as the count-estimate idiom of its wiki."""
    compiled = matches.compile(session.get_bind())  # the words stay a bound parameter
    plan = session.connection().exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params).scalar()
    return int(plan[0]["Plan"]["Plan Rows"])
