"""statistics: describe ix_centers_status_deleted_at (0017 built it without ANALYZE) to SQLite's planner

Revision ID: 0019_analyze_centers
Revises: 0018_price_index
Create Date: 2026-12-06 12:30:00

Without a sqlite_stat1 row for the index, SQLite took `status = 'published'` through it as selective: on databases
migrated past 0017 (the bench databases were), nearby()'s 1.6 km box read every published center (850 ms at 1M
instead of 0.35 ms). nearby() no longer seeks by status; other statements that test status still plan with these
statistics. PostgreSQL derives an index's estimates from the table's column statistics: nothing to do there.
"""
from alembic import op


revision = '0019_analyze_centers'
down_revision = '0018_price_index'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ANALYZE centers')


def downgrade():
    pass  # statistics only: nothing to undo
