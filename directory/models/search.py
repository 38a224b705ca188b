"""Search support tables: the text each center is found by, and remembered geocoder answers."""
from datetime import datetime

from sqlalchemy import DDL, BigInteger, ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


class CenterDocument(db.Model):
    """Everything a center is found by in free-text search (name, area, city, description, services), as the words
    search compares, one space apart and one before each (text.search_document; since 0030_document_words): the
    tokenizers below only split it at its spaces, and SQLite tests one document for a word's beginning with
    `instr(body, ' ' || word)`.

    SQLite indexes it with an FTS5 table kept in step by triggers (folding nothing more: remove_diacritics 0);
    PostgreSQL keeps its words in a stored `terms` tsvector column with a GIN index (POSTGRESQL_TEXT).
    """

    __tablename__ = "center_documents"

    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"), primary_key=True)
    body: Mapped[str] = mapped_column(Text, default="")


# PostgreSQL: the words as a stored tsvector, computed by the database on every write, and their GIN index (the
# migrations hold the same statements: 0024_document_terms). A search tests a candidate's stored words in ~1 us;
# to_tsvector(body) computed them again each time (~6 us, 12 ms for the 2,000 a filtered total reads). Beside each
# word, its beginnings of PREFIX_LENGTHS letters marked with PREFIX_MARK ('jasmin~', 'jasmi~', ... 'ja~'), as SQLite's
# FTS5 prefix indexes hold them: a search word (a prefix) of up to 8 letters is then one exact lexeme or two for the
# GIN index ("jasmin hav": 5 ms; as `jasmin:* & hav:*`, a bitmap of every lexeme it begins: 34 ms). Not mapped:
# SQLite has no tsvector, and nothing in Python reads or writes it.
TERMS_COLUMN = "terms"
PREFIX_MARK = "~"  # never in a lexeme: search words are runs of letters and digits (services/search_text.py)
PREFIX_LENGTHS = (2, 8)
POSTGRESQL_TEXT = [  # spells PREFIX_MARK and PREFIX_LENGTHS out: plain literals, as the triggers below (B608)
    "CREATE OR REPLACE FUNCTION search_terms(body text) RETURNS tsvector IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$ "
    "SELECT to_tsvector('simple', body) || array_to_tsvector(ARRAY("
    "SELECT DISTINCT left(t.lexeme, n) || '~' FROM unnest(to_tsvector('simple', body)) AS t, "
    "generate_series(2, 8) AS n WHERE length(t.lexeme) > n)) $$",
    "ALTER TABLE center_documents ADD COLUMN terms tsvector GENERATED ALWAYS AS (search_terms(body)) STORED",
    "CREATE INDEX ix_center_documents_terms ON center_documents USING gin (terms)",
]
for _statement in POSTGRESQL_TEXT:
    event.listen(CenterDocument.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))


class GeocodeCache(db.Model):
    """An online geocoder's answer, kept so the same place is not asked twice."""

    __tablename__ = "geocode_cache"

    query: Mapped[str] = mapped_column(String(200), primary_key=True)
    provider: Mapped[str] = mapped_column(String(30), primary_key=True)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    label: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# SQLite: an FTS5 index over center_documents, kept in step by triggers (the migrations hold the same statements).
FTS_TABLE = "center_documents_fts"
# Prefix indexes for words of 2 to 8 letters (PREFIX_LENGTHS, as PostgreSQL's stored beginnings): a search word is
# a prefix ("spa" finds "spas"), and without one FTS5 merges the doclists of every word it begins whole for each
# statement (and for each row a correlated MATCH tests): "spa"* counted to 2,001 in 10 ms, "karachi"* in 4 ms; with
# them in 0.1 ms (0023_fts_prefixes; PERFORMANCE.md).
FTS_PREFIXES = " ".join(str(length) for length in range(PREFIX_LENGTHS[0], PREFIX_LENGTHS[1] + 1))
SQLITE_FTS = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(body, content='center_documents', content_rowid='center_id', "
    f"tokenize='unicode61 remove_diacritics 0', prefix='{FTS_PREFIXES}')",
    # The triggers spell FTS_TABLE out: plain literals, so no SQL is built from values (bandit B608, ruff S608).
    "CREATE TRIGGER center_documents_ai AFTER INSERT ON center_documents BEGIN "
    "INSERT INTO center_documents_fts(rowid, body) VALUES (new.center_id, new.body); END",
    "CREATE TRIGGER center_documents_ad AFTER DELETE ON center_documents BEGIN "
    "INSERT INTO center_documents_fts(center_documents_fts, rowid, body) "
    "VALUES ('delete', old.center_id, old.body); END",
    "CREATE TRIGGER center_documents_au AFTER UPDATE ON center_documents BEGIN "
    "INSERT INTO center_documents_fts(center_documents_fts, rowid, body) "
    "VALUES ('delete', old.center_id, old.body); "
    "INSERT INTO center_documents_fts(rowid, body) VALUES (new.center_id, new.body); END",
]
for _statement in SQLITE_FTS:
    event.listen(CenterDocument.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
event.listen(CenterDocument.__table__, "before_drop", DDL(f"DROP TABLE IF EXISTS {FTS_TABLE}").execute_if(
    dialect="sqlite"))


def include_in_autogenerate(_object, name, type_, _reflected, _compare_to) -> bool:
    """Alembic filter: the full-text structures are written by hand (autogenerate cannot compare them)."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    if type_ == "column" and name == TERMS_COLUMN:
        return False
    return not (type_ == "index" and name == "ix_center_documents_terms")


class OpenHoursCell(db.Model):
    """The hours of the week some center of a 0.1-degree cell (and time zone) is open at some minute of: the OR of
    their Center.hours_mask_0..2, any status. "Open now" near a point first reads the few cells around it: when none
    has the current local hour, nothing there is open, and the search answers without reading a center.

    Only ever widened between rebuilds (services/open_cells.py): a bit that stays after hours shrink or a center
    moves costs a wasted search, never a missing center, and concurrent writers need no lock.
    """

    __tablename__ = "open_hours_cells"

    cell_lat: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # lat_band // BANDS_PER_CELL
    cell_lng: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # floor(longitude * CELLS_PER_DEGREE)
    timezone: Mapped[str] = mapped_column(String(50), primary_key=True)
    hours_0: Mapped[int] = mapped_column(BigInteger, default=0)
    hours_1: Mapped[int] = mapped_column(BigInteger, default=0)
    hours_2: Mapped[int] = mapped_column(BigInteger, default=0)
