"""search: a partial spatial index of the centers open at some minute of the midnight hour (local 00:00-01:00) on
some day, so "open now" then reads those instead of every center near the point, as at night (0026)

Revision ID: 0032_midnight_spatial_index
Revises: 0031_night_sort_indexes
Create Date: 2026-12-07 22:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0032_midnight_spatial_index'
down_revision = '0031_night_sort_indexes'
branch_labels = None
depends_on = None

COLUMNS = ['lat_band', 'longitude', 'latitude', 'status', 'rating_count', 'rating_sum', 'services_mask',
           'amenities_mask', 'timezone', 'hours_mask_0', 'hours_mask_1', 'hours_mask_2', 'hours_full_0',
           'hours_full_1', 'hours_full_2', 'confirmed_at', 'name']
# The hours_mask bits of local hour 0 of every day of the week (hour h of the week is bit h % 56 of column h // 56;
# directory/models/center_index.py builds the same expression as MIDNIGHT_SQL)
MIDNIGHT = ('(hours_mask_0 & 281474993487873) != 0 OR (hours_mask_1 & 1099511693312) != 0 '
            'OR (hours_mask_2 & 4294967552) != 0')


def upgrade():
    op.create_index('ix_centers_spatial_midnight', 'centers', COLUMNS, sqlite_where=sa.text(MIDNIGHT),
                    postgresql_where=sa.text(MIDNIGHT), postgresql_include=['id'])
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ANALYZE ix_centers_spatial_midnight')  # its statistics (tests/test_migrations.py)


def downgrade():
    op.drop_index('ix_centers_spatial_midnight', table_name='centers')
