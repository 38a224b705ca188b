"""deleted listings page: centers indexed by status, deleted_at and id so each page reads the index in order

Revision ID: 0017_deleted_listings_index
Revises: 0016_rank_columns
Create Date: 2026-12-06 11:45:00

"""
from alembic import op

revision = '0017_deleted_listings_index'
down_revision = '0016_rank_columns'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_centers_status_deleted_at', 'centers', ['status', 'deleted_at', 'id'], unique=False)
    if op.get_bind().dialect.name == 'sqlite':
        # Without statistics SQLite takes a new (status, ...) index as selective and reads every published center
        # through it: the price sort at 1M went from 21 ms to 420 ms until ANALYZE (as in 0016).
        op.execute('ANALYZE centers')


def downgrade():
    op.drop_index('ix_centers_status_deleted_at', table_name='centers')
