"""bookings: booking requests and center booking settings

Revision ID: 0011_bookings
Revises: 0010_review_therapist
Create Date: 2026-12-06 06:47:46.597697

"""
import sqlalchemy as sa
from alembic import op

revision = '0011_bookings'
down_revision = '0010_review_therapist'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('booking_settings',
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('takes_requests', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('min_notice_hours', sa.Integer(), server_default='2', nullable=False),
    sa.Column('days_ahead', sa.Integer(), server_default='30', nullable=False),
    sa.CheckConstraint('days_ahead BETWEEN 1 AND 90', name=op.f('ck_booking_settings_days_ahead_range')),
    sa.CheckConstraint('min_notice_hours BETWEEN 0 AND 168', name=op.f('ck_booking_settings_min_notice_range')),
    sa.ForeignKeyConstraint(['center_id'], ['centers.id'], name=op.f('fk_booking_settings_center_id_centers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('center_id', name=op.f('pk_booking_settings'))
    )
    op.create_table('booking_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=12), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('menu_item_id', sa.Integer(), nullable=True),
    sa.Column('item_label', sa.String(length=200), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('windows', sa.JSON(), nullable=False),
    sa.Column('therapist_preference', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('mobile', sa.String(length=16), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('chosen_window', sa.String(length=11), nullable=True),
    sa.Column('therapist_id', sa.Integer(), nullable=True),
    sa.Column('decline_reason', sa.String(length=300), nullable=False),
    sa.Column('proposed_at', sa.DateTime(), nullable=True),
    sa.Column('review_code', sa.String(length=9), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('new', 'proposed', 'confirmed', 'declined', 'cancelled', 'completed', 'no_show')", name=op.f('ck_booking_requests_status')),
    sa.CheckConstraint("therapist_preference IN ('any', 'female', 'male')", name=op.f('ck_booking_requests_therapist_preference')),
    sa.ForeignKeyConstraint(['center_id'], ['centers.id'], name=op.f('fk_booking_requests_center_id_centers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['users.id'], name=op.f('fk_booking_requests_member_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['menu_item_id'], ['center_services.id'], name=op.f('fk_booking_requests_menu_item_id_center_services'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['therapist_id'], ['therapists.id'], name=op.f('fk_booking_requests_therapist_id_therapists'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_requests')),
    sa.UniqueConstraint('reference', name=op.f('uq_booking_requests_reference')),
    sa.UniqueConstraint('token', name=op.f('uq_booking_requests_token'))
    )
    with op.batch_alter_table('booking_requests', schema=None) as batch_op:
        batch_op.create_index('ix_booking_requests_center_status', ['center_id', 'status', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_requests_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_requests_mobile'), ['mobile'], unique=False)



def downgrade():
    with op.batch_alter_table('booking_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booking_requests_mobile'))
        batch_op.drop_index(batch_op.f('ix_booking_requests_member_id'))
        batch_op.drop_index('ix_booking_requests_center_status')

    op.drop_table('booking_requests')
    op.drop_table('booking_settings')
