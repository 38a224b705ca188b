"""search: the rating and review sorts' indexes carry latitude and longitude, so a circle's sort read in rank order
tests each entry's place on the index and reads the rows of those inside only

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
PLACE = ['latitude', 'longitude']


def _indexes(place):
    op.drop_index('ix_centers_status_rating_rank', table_name='centers')
    op.create_index('ix_centers_status_rating_rank', 'centers', RATING_COLUMNS + place, unique=False,
                    postgresql_include=['id'])
    op.drop_index('ix_centers_status_review_rank', table_name='centers')
    op.create_index('ix_centers_status_review_rank', 'centers', ['status', 'review_rank'] + place, unique=False)
    if op.get_bind().dialect.name == 'sqlite':
        # statistics for the new indexes, or SQLite takes them as selective (as in 0016, 0022)
        op.execute('ANALYZE ix_centers_status_rating_rank')
        op.execute('ANALYZE ix_centers_status_review_rank')


def upgrade():
    _indexes(PLACE)


def downgrade():
    _indexes([])
