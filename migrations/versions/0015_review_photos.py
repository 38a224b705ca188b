"""review photos: up to four per review, and reports on them

Revision ID: 0015_review_photos
Revises: 0014_notifications
Create Date: 2026-12-06 08:31:30.235923

"""
import sqlalchemy as sa
from alembic import op

revision = '0015_review_photos'
down_revision = '0014_notifications'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('review_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('file_key', sa.String(length=64), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('width > 0 AND height > 0', name=op.f('ck_review_photos_size_positive')),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_review_photos_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_photos')),
    sa.UniqueConstraint('file_key', name=op.f('uq_review_photos_file_key'))
    )
    op.create_index(op.f('ix_review_photos_review_id'), 'review_photos', ['review_id'], unique=False)
    op.create_table('review_photo_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('photo_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("reason IN ('fake', 'conflict', 'offensive', 'private', 'off_topic', 'other')", name=op.f('ck_review_photo_flags_reason')),
    sa.ForeignKeyConstraint(['photo_id'], ['review_photos.id'], name=op.f('fk_review_photo_flags_photo_id_review_photos'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_review_photo_flags_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_photo_flags')),
    sa.UniqueConstraint('photo_id', 'user_id', name=op.f('uq_review_photo_flags_photo_id_user_id'))
    )
    op.create_index(op.f('ix_review_photo_flags_photo_id'), 'review_photo_flags', ['photo_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_review_photo_flags_photo_id'), table_name='review_photo_flags')
    op.drop_table('review_photo_flags')
    op.drop_index(op.f('ix_review_photos_review_id'), table_name='review_photos')
    op.drop_table('review_photos')
