"""search: center documents with a full-text index, geocode cache

Revision ID: 0002_search
Revises: 0001_foundation
Create Date: 2026-11-21 01:25:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0002_search'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None

# Frozen copy of directory/models/search.py's FTS5 statements as of this revision.
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE center_documents_fts USING fts5(body, content='center_documents', "
    "content_rowid='center_id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER center_documents_ai AFTER INSERT ON center_documents BEGIN "
    "INSERT INTO center_documents_fts(rowid, body) VALUES (new.center_id, new.body); END",
    "CREATE TRIGGER center_documents_ad AFTER DELETE ON center_documents BEGIN "
    "INSERT INTO center_documents_fts(center_documents_fts, rowid, body) VALUES ('delete', old.center_id, old.body); END",
    "CREATE TRIGGER center_documents_au AFTER UPDATE ON center_documents BEGIN "
    "INSERT INTO center_documents_fts(center_documents_fts, rowid, body) VALUES ('delete', old.center_id, old.body); "
    "INSERT INTO center_documents_fts(rowid, body) VALUES (new.center_id, new.body); END",
]


def upgrade():
    op.create_table('geocode_cache',
    sa.Column('query', sa.String(length=200), nullable=False),
    sa.Column('provider', sa.String(length=30), nullable=False),
    sa.Column('latitude', sa.Double(), nullable=True),
    sa.Column('longitude', sa.Double(), nullable=True),
    sa.Column('label', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('query', 'provider', name=op.f('pk_geocode_cache'))
    )
    op.create_table('center_documents',
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['centers.id'], name=op.f('fk_center_documents_center_id_centers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('center_id', name=op.f('pk_center_documents'))
    )
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif dialect == 'postgresql':
        op.execute("CREATE INDEX ix_center_documents_tsv ON center_documents "
                   "USING gin (to_tsvector('simple', body))")


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("DROP TABLE IF EXISTS center_documents_fts")
    op.drop_table('center_documents')
    op.drop_table('geocode_cache')
