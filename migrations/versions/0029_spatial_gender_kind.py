"""search: the spatial index carries gender_policy and kind, so "women only" or a kind near a place is tested on the
index's entries instead of each center's row

Revision ID: 0029_spatial_gender_kind
Revises: 0028_rank_index_places
Create Date: 2026-12-07 14:10:00

"""
from alembic import op

revision = '0029_spatial_gender_kind'
down_revision = '0028_rank_index_places'
branch_labels = None
depends_on = None

COLUMNS = ['lat_band', 'longitude', 'latitude', 'status', 'rating_count', 'rating_sum', 'services_mask',
           'amenities_mask', 'timezone', 'hours_mask_0', 'hours_mask_1', 'hours_mask_2', 'hours_full_0',
           'hours_full_1', 'hours_full_2']


def _index(columns):
    op.drop_index('ix_centers_spatial', table_name='centers')
    op.create_index('ix_centers_spatial', 'centers', columns, unique=False, postgresql_include=['id'])
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ANALYZE ix_centers_spatial')  # its statistics (tests/test_migrations.py)


def upgrade():
    _index([*COLUMNS, 'gender_policy', 'kind'])


def downgrade():
    _index(COLUMNS)
