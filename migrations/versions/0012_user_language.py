"""users: the language a member chose (the site's and their mail's)

Revision ID: 0012_user_language
Revises: 0011_bookings
Create Date: 2026-12-06 08:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0012_user_language'
down_revision = '0011_bookings'
branch_labels = None
depends_on = None


# Plain ADD/DROP COLUMN (SQLite has both): a batch copy of `users` would lose the expression index on lower(email).
def upgrade():
    op.add_column('users', sa.Column('language', sa.String(length=5), nullable=True))


def downgrade():
    op.drop_column('users', 'language')
