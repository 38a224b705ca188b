"""search: the index of each center's menu lines carries price_key (the plain copy) instead of price_per_hour, so a
center's lowest price and the price filter read that index alone

Revision ID: 0027_menu_price_key_index
Revises: 0026_night_spatial_index
Create Date: 2026-12-07 09:00:00

"""
from alembic import op

revision = '0027_menu_price_key_index'
down_revision = '0026_night_spatial_index'
branch_labels = None
depends_on = None


def _index(price):
    op.drop_index('ix_center_services_center_service_price', table_name='center_services')
    op.create_index('ix_center_services_center_service_price', 'center_services', ['center_id', 'service_id', price])
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ANALYZE ix_center_services_center_service_price')  # its statistics (tests/test_migrations.py)


def upgrade():
    _index('price_key')


def downgrade():
    _index('price_per_hour')
