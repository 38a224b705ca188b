"""reviews: who treated you (an optional therapist of the reviewed center)

Revision ID: 0010_review_therapist
Revises: 0009_amenities_mask
Create Date: 2026-12-06 06:55:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0010_review_therapist'
down_revision = '0009_amenities_mask'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('therapist_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_reviews_therapist_id_therapists'), 'therapists', ['therapist_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.create_index(batch_op.f('ix_reviews_therapist_status_created'), ['therapist_id', 'status', 'created_at'])


def downgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_therapist_status_created'))
        batch_op.drop_constraint(batch_op.f('fk_reviews_therapist_id_therapists'), type_='foreignkey')
        batch_op.drop_column('therapist_id')
