"""search: PostgreSQL keeps each document's words, and their beginnings of 2 to 8 letters, in a stored tsvector
column with its GIN index, so a search tests a candidate's words without computing them again and finds a prefix as
one lexeme

Revision ID: 0024_document_terms
Revises: 0023_fts_prefixes
Create Date: 2026-12-06 23:25:00

"""
from alembic import op

revision = '0024_document_terms'
down_revision = '0023_fts_prefixes'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    # Frozen copy of directory/models/search.py's POSTGRESQL_TEXT as of this revision (1M documents: ~60 s to write
    # the column, ~30 s to index it)
    op.execute("CREATE OR REPLACE FUNCTION search_terms(body text) RETURNS tsvector IMMUTABLE PARALLEL SAFE "
               "LANGUAGE sql AS $$ SELECT to_tsvector('simple', body) || array_to_tsvector(ARRAY("
               "SELECT DISTINCT left(t.lexeme, n) || '~' FROM unnest(to_tsvector('simple', body)) AS t, "
               "generate_series(2, 8) AS n WHERE length(t.lexeme) > n)) $$")
    op.execute("ALTER TABLE center_documents ADD COLUMN terms tsvector "
               "GENERATED ALWAYS AS (search_terms(body)) STORED")
    op.execute("CREATE INDEX ix_center_documents_terms ON center_documents USING gin (terms)")
    op.execute("DROP INDEX ix_center_documents_tsv")
    op.execute("ANALYZE center_documents")  # the words' statistics the search's estimates read (search_text.py)


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("CREATE INDEX ix_center_documents_tsv ON center_documents USING gin (to_tsvector('simple', body))")
    op.execute("DROP INDEX ix_center_documents_terms")
    op.execute("ALTER TABLE center_documents DROP COLUMN terms")
    op.execute("DROP FUNCTION search_terms(text)")
