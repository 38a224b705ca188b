"""search: menu lines copy their price per hour as a plain column and their center's status, place and
confirmation date, carried in the two price indexes, so the price sort reads its lines from those indexes alone

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

COPIES = ['center_status', 'center_latitude', 'center_longitude', 'center_confirmed_at']


def _indexes(price, extra):
    op.drop_index('ix_center_services_service_price_name', table_name='center_services')
    op.drop_index('ix_center_services_price_name', table_name='center_services')
    op.create_index('ix_center_services_price_name', 'center_services',
                    [price, 'center_name', 'center_id', 'id', *extra])
    op.create_index('ix_center_services_service_price_name', 'center_services',
                    ['service_id', price, 'center_name', 'center_id', 'id', *extra])


def upgrade():
    op.add_column('center_services', sa.Column('price_key', sa.Integer(), nullable=True))
    op.add_column('center_services', sa.Column('center_status', sa.String(length=20), nullable=True))
    op.add_column('center_services', sa.Column('center_latitude', sa.Double(), nullable=True))
    op.add_column('center_services', sa.Column('center_longitude', sa.Double(), nullable=True))
    op.add_column('center_services', sa.Column('center_confirmed_at', sa.DateTime(), nullable=True))
    op.execute('UPDATE center_services SET price_key = center_services.price_per_hour, '
               'center_status = centers.status, center_latitude = centers.latitude, '
               'center_longitude = centers.longitude, center_confirmed_at = centers.confirmed_at '
               'FROM centers WHERE centers.id = center_services.center_id')
    _indexes('price_key', COPIES)
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ANALYZE center_services')  # statistics for the new indexes (tests/test_migrations.py)


def downgrade():
    _indexes('price_per_hour', [])
    for column in ['price_key', *COPIES]:
        op.drop_column('center_services', column)  # in place (SQLite 3.35+), never batch mode: see 0009's
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ANALYZE center_services')
