"""notifications: mail outbox, opt-outs, a booking's language

Revision ID: 0014_notifications
Revises: 0013_urdu_search
Create Date: 2026-12-06 08:31:21.369682

"""
import sqlalchemy as sa
from alembic import op

revision = '0014_notifications'
down_revision = '0013_urdu_search'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_optouts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('booking_updates', 'booking_requests', 'claim_decisions', 'new_reviews', 'review_replies', 'change_reports')", name=op.f('ck_mail_optouts_kind')),
    sa.CheckConstraint('user_id IS NOT NULL OR email IS NOT NULL', name=op.f('ck_mail_optouts_who')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mail_optouts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_optouts')),
    sa.UniqueConstraint('email', 'kind', name=op.f('uq_mail_optouts_email_kind')),
    sa.UniqueConstraint('user_id', 'kind', name=op.f('uq_mail_optouts_user_id_kind'))
    )
    op.create_table('mail_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('last_error', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("kind IN ('booking_updates', 'booking_requests', 'claim_decisions', 'new_reviews', 'review_replies', 'change_reports')", name=op.f('ck_mail_outbox_kind')),
    sa.CheckConstraint("status IN ('queued', 'sent', 'failed', 'skipped')", name=op.f('ck_mail_outbox_status')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mail_outbox_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox'))
    )
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_mail_outbox_due', ['status', 'next_attempt_at'], unique=False)

    # the site's language when a guest sent a request: their mail is written in it
    op.add_column('booking_requests', sa.Column('language', sa.String(length=5), nullable=True))



def downgrade():
    with op.batch_alter_table('booking_requests', schema=None) as batch_op:
        batch_op.drop_column('language')

    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_mail_outbox_due')

    op.drop_table('mail_outbox')
    op.drop_table('mail_optouts')
