"""search: SQLite's full-text index keeps prefix indexes for words of 2 to 8 letters, so a search word (always a
prefix) reads one doclist instead of merging those of every word it begins

Revision ID: 0023_fts_prefixes
Revises: 0022_rank_index_filters
Create Date: 2026-12-06 23:05:00

"""
from alembic import op

revision = '0023_fts_prefixes'
down_revision = '0022_rank_index_filters'
branch_labels = None
depends_on = None

# Frozen copies of directory/models/search.py's FTS5 table as of this revision and before it. The triggers that keep
# it in step (0002_search) name the table, not its options, and stay.
WITH_PREFIXES = ("CREATE VIRTUAL TABLE center_documents_fts USING fts5(body, content='center_documents', "
                 "content_rowid='center_id', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4 5 6 7 8')")
WITHOUT = ("CREATE VIRTUAL TABLE center_documents_fts USING fts5(body, content='center_documents', "
           "content_rowid='center_id', tokenize='unicode61 remove_diacritics 2')")


def upgrade():
    _recreate(WITH_PREFIXES)


def downgrade():
    _recreate(WITHOUT)


def _recreate(statement: str) -> None:
    """The FTS5 table again with other options, its index rebuilt from center_documents and merged into one segment
    (a correlated MATCH opens every segment: 15-30 us a row over many, 5-13 over one; 1M documents: ~20 s)."""
    if op.get_bind().dialect.name != 'sqlite':
        return
    op.execute("DROP TABLE IF EXISTS center_documents_fts")
    op.execute(statement)
    op.execute("INSERT INTO center_documents_fts(center_documents_fts) VALUES ('rebuild')")
    op.execute("INSERT INTO center_documents_fts(center_documents_fts) VALUES ('optimize')")
