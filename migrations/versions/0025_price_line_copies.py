"""search: menu lines copy their center's place and confirmation date, carried in the two price indexes, so the
price sort tests the circle and staleness on the index entry before reading a center

Revision ID: 0025_price_line_copies
Revises: 0024_document_terms
Create Date: 2026-12-07 05:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0025_price_line_copies'
down_revision = '0024_document_terms'
branch_labels = None
depends_on = None

COPIES = ['center_latitude', 'center_longitude', 'center_confirmed_at']
PRICE_NAME = ['price_per_hour', 'center_name', 'center_id', 'id']
SERVICE_PRICE_NAME = ['service_id', *PRICE_NAME]


def _indexes(extra):
    op.drop_index('ix_center_services_service_price_name', table_name='center_services')
    op.drop_index('ix_center_services_price_name', table_name='center_services')
    op.create_index('ix_center_services_price_name', 'center_services', [*PRICE_NAME, *extra])
    op.create_index('ix_center_services_service_price_name', 'center_services', [*SERVICE_PRICE_NAME, *extra])


def upgrade():
    op.add_column('center_services', sa.Column('center_latitude', sa.Double(), nullable=True))
    op.add_column('center_services', sa.Column('center_longitude', sa.Double(), nullable=True))
    op.add_column('center_services', sa.Column('center_confirmed_at', sa.DateTime(), nullable=True))
    op.execute('UPDATE center_services SET center_latitude = centers.latitude, center_longitude = centers.longitude, '
               'center_confirmed_at = centers.confirmed_at FROM centers WHERE centers.id = center_services.center_id')
    _indexes(COPIES)
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ANALYZE center_services')  # statistics for the new indexes (tests/test_migrations.py)


def downgrade():
    _indexes([])
    for column in reversed(COPIES):
        op.drop_column('center_services', column)  # in place (SQLite 3.35+), never batch mode: see 0009's
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ANALYZE center_services')
