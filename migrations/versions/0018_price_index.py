"""search: menu lines indexed by price, so the price sort in a dense circle reads them in order

Revision ID: 0018_price_index
Revises: 0017_deleted_listings_index
Create Date: 2026-12-06 12:00:00

"""
from alembic import op

revision = '0018_price_index'
down_revision = '0017_deleted_listings_index'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_center_services_price', 'center_services', ['price_per_hour', 'id'])
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ANALYZE center_services')  # without statistics the planner may take the new index as selective


def downgrade():
    op.drop_index('ix_center_services_price', table_name='center_services')
