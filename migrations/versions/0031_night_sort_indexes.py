"""search: each center's lowest menu price, and the rating, review and price sorts' indexes of the centers open at
some night hour (with their place, hours and filters), so "open now" at night reads a page in the sort's order
instead of sorting the circle's matches whole

Revision ID: 0031_night_sort_indexes
Revises: 0030_document_words
Create Date: 2026-12-07 21:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0031_night_sort_indexes'
down_revision = '0030_document_words'
branch_labels = None
depends_on = None

NO_PRICE = 1000000000  # center_index.NO_PRICE: a center without a menu line, after every price
# After the sort's key: the filters tested on each entry, then the place, the hours (open now) and the tie-breakers
COLUMNS = ['rating_count', 'rating_sum', 'gender_policy', 'kind', 'services_mask', 'amenities_mask', 'id',
           'latitude', 'longitude', 'timezone', 'hours_mask_0', 'hours_mask_1', 'hours_mask_2', 'hours_full_0',
           'hours_full_1', 'hours_full_2', 'confirmed_at', 'name']
# The WHERE of ix_centers_spatial_night (0026; directory/models/center_index.py builds the same as NIGHT_SQL)
NIGHT = ('(hours_mask_0 & 71494648345919742) != 0 OR (hours_mask_1 & 279275970101248) != 0 '
         'OR (hours_mask_2 & 1090921758208) != 0')
KEYS = ['rating_rank', 'review_rank', 'lowest_price_key']


def upgrade():
    op.add_column('centers', sa.Column('lowest_price_key', sa.Integer(), nullable=False,
                                       server_default=str(NO_PRICE)))
    # services/services_mask.py's lowest_of_menu, frozen
    op.execute('UPDATE centers SET lowest_price_key = COALESCE((SELECT min(price_per_hour) FROM center_services '
               f'WHERE center_services.center_id = centers.id), {NO_PRICE})')
    for key in KEYS:
        op.create_index(f'ix_centers_night_{key}', 'centers', ['status', key, *COLUMNS], sqlite_where=sa.text(NIGHT),
                        postgresql_where=sa.text(NIGHT))
        if op.get_bind().dialect.name == 'sqlite':
            op.execute(f'ANALYZE ix_centers_night_{key}')  # its statistics (tests/test_migrations.py)


def downgrade():
    for key in KEYS:
        op.drop_index(f'ix_centers_night_{key}', table_name='centers')
    # Not batch mode (0009's downgrade says why): SQLite 3.35+ drops the column in place
    op.drop_column('centers', 'lowest_price_key')
