"""search: finer latitude bands (0.005 degree) and a services bitmask in the spatial index

Revision ID: 0007_finer_bands_service_mask
Revises: 0006_listing_management
Create Date: 2026-11-21 03:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0007_finer_bands_service_mask'
down_revision = '0006_listing_management'
branch_labels = None
depends_on = None

OLD_COLUMNS = ['lat_band', 'longitude', 'latitude', 'status', 'rating_count', 'rating_sum']
MASK = ("(SELECT coalesce(sum(DISTINCT CAST(1 AS BIGINT) << s.service_id), 0) FROM center_services s "
        "WHERE s.center_id = centers.id AND s.service_id BETWEEN 1 AND 62)")


def _band_sql(per_degree: int) -> str:
    """floor(latitude * n) as the application computes it (directory.models.center.latitude_band)."""
    if op.get_bind().dialect.name == 'postgresql':
        return f'floor(latitude * {per_degree})::integer'
    # SQLite may lack floor(): truncate, then step down for negatives that had a fraction.
    scaled = f'(latitude * {per_degree})'
    return f'CAST({scaled} AS INTEGER) - ({scaled} < CAST({scaled} AS INTEGER))'


def upgrade():
    op.drop_index('ix_centers_spatial', table_name='centers')
    with op.batch_alter_table('centers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('services_mask', sa.BigInteger(), nullable=False, server_default='0'))
    op.execute(f'UPDATE centers SET lat_band = {_band_sql(200)}, services_mask = {MASK}')
    op.create_index('ix_centers_spatial', 'centers', OLD_COLUMNS + ['services_mask'], unique=False)


def downgrade():
    op.drop_index('ix_centers_spatial', table_name='centers')
    with op.batch_alter_table('centers', schema=None) as batch_op:
        batch_op.drop_column('services_mask')
    op.execute(f'UPDATE centers SET lat_band = {_band_sql(10)}')
    op.create_index('ix_centers_spatial', 'centers', OLD_COLUMNS, unique=False)
