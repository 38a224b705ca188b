"""search: the rating sort's index carries latitude and longitude, so a circle's sort read in rank order tests each
entry's place on the index and reads the rows of those inside only

Revision ID: 0028_rank_index_places
Revises: 0027_menu_price_key_index
Create Date: 2026-12-07 14:00:00

"""
from alembic import op

revision = '0028_rank_index_places'
down_revision = '0027_menu_price_key_index'
branch_labels = None
depends_on = None

RATING_COLUMNS = ['status', 'rating_rank', 'rating_count', 'rating_sum', 'gender_policy', 'kind', 'services_mask',
                  'amenities_mask']
# The id before the place, as a key column (it was PostgreSQL's included column): where every column before it holds
# few values (a young database, analysed), SQLite skip-scanned the index to its latitude for a circle's box instead
# of seeking the spatial index; a unique column cannot be skipped.
PLACE = ['id', 'latitude', 'longitude']


def _indexes(place):
    op.drop_index('ix_centers_status_rating_rank', table_name='centers')
    op.create_index('ix_centers_status_rating_rank', 'centers', RATING_COLUMNS + place, unique=False,
                    postgresql_include=[] if place else ['id'])
    if op.get_bind().dialect.name == 'sqlite':
        # statistics for the new index, or SQLite takes it as selective (as in 0016, 0022)
        op.execute('ANALYZE ix_centers_status_rating_rank')


def upgrade():
    _indexes(PLACE)


def downgrade():
    _indexes([])
