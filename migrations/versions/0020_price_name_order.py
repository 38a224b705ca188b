"""search: menu lines carry their center's name, indexed after the price, so the price sort's ties read in order

Revision ID: 0020_price_name_order
Revises: 0019_hours_mask
Create Date: 2026-12-06 15:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0020_price_name_order'
down_revision = '0019_hours_mask'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('center_services', sa.Column('center_name', sa.String(length=120), server_default='',
                                               nullable=False))
    op.execute('UPDATE center_services SET center_name = '
               '(SELECT centers.name FROM centers WHERE centers.id = center_services.center_id)')
    op.drop_index('ix_center_services_price', table_name='center_services')
    op.drop_index('ix_center_services_service_price', table_name='center_services')
    op.create_index('ix_center_services_price_name', 'center_services',
                    ['price_per_hour', 'center_name', 'center_id', 'id'])
    op.create_index('ix_center_services_service_price_name', 'center_services',
                    ['service_id', 'price_per_hour', 'center_name', 'center_id', 'id'])
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ANALYZE center_services')  # statistics for the new indexes (tests/test_migrations.py)


def downgrade():
    op.drop_index('ix_center_services_service_price_name', table_name='center_services')
    op.drop_index('ix_center_services_price_name', table_name='center_services')
    op.create_index('ix_center_services_service_price', 'center_services', ['service_id', 'price_per_hour'])
    op.create_index('ix_center_services_price', 'center_services', ['price_per_hour', 'id'])
    op.drop_column('center_services', 'center_name')  # in place (SQLite 3.35+), never batch mode: see 0009's
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ANALYZE center_services')
