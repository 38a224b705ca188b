"""search: the rating sort's index carries the rating, gender, kind, service and amenity columns, so its ranges are
filtered from the index alone (a minimum rating few reach, with any of those filters, reads only its matches' rows)

Revision ID: 0022_rank_index_filters
Revises: 0021_open_hours_cells
Create Date: 2026-12-06 20:05:00

"""
from alembic import op

revision = '0022_rank_index_filters'
down_revision = '0021_open_hours_cells'
branch_labels = None
depends_on = None

FILTER_COLUMNS = ['rating_count', 'rating_sum', 'gender_policy', 'kind', 'services_mask', 'amenities_mask']


def upgrade():
    op.drop_index('ix_centers_status_rating_rank', table_name='centers')
    op.create_index('ix_centers_status_rating_rank', 'centers', ['status', 'rating_rank', *FILTER_COLUMNS],
                    unique=False, postgresql_include=['id'])
    _analyze()


def downgrade():
    op.drop_index('ix_centers_status_rating_rank', table_name='centers')
    op.create_index('ix_centers_status_rating_rank', 'centers', ['status', 'rating_rank'], unique=False)
    _analyze()


def _analyze():
    if op.get_bind().dialect.name == 'sqlite':
        # A new index without statistics is taken as selective: SQLite read every published center through this
        # one's status prefix for a search (0.5 -> 115 ms at 1M) until it was analysed (as in 0016, 0017).
        op.execute('ANALYZE ix_centers_status_rating_rank')
