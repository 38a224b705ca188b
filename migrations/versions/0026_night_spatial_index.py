"""search: a partial spatial index of the centers open at some night hour (local 01:00-08:00), so "open now" at
night reads those few instead of every center near the point (with the sorts' tie-breakers, freshness and name)

Revision ID: 0026_night_spatial_index
Revises: 0025_price_line_copies
Create Date: 2026-12-07 08:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0026_night_spatial_index'
down_revision = '0025_price_line_copies'
branch_labels = None
depends_on = None

COLUMNS = ['lat_band', 'longitude', 'latitude', 'status', 'rating_count', 'rating_sum', 'services_mask',
           'amenities_mask', 'timezone', 'hours_mask_0', 'hours_mask_1', 'hours_mask_2', 'hours_full_0',
           'hours_full_1', 'hours_full_2']
# The hours_mask bits of local hours 1-7 of every day of the week (hour h of the week is bit h % 56 of column h // 56;
# directory/models/center_index.py builds the same expression as NIGHT_SQL)
NIGHT = ('(hours_mask_0 & 71494648345919742) != 0 OR (hours_mask_1 & 279275970101248) != 0 '
         'OR (hours_mask_2 & 1090921758208) != 0')


def upgrade():
    op.create_index('ix_centers_spatial_night', 'centers', [*COLUMNS, 'confirmed_at', 'name'],
                    sqlite_where=sa.text(NIGHT), postgresql_where=sa.text(NIGHT), postgresql_include=['id'])
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ANALYZE ix_centers_spatial_night')  # its statistics (tests/test_migrations.py)


def downgrade():
    op.drop_index('ix_centers_spatial_night', table_name='centers')
