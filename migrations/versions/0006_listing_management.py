"""listing management: photos, evidence files, special closures, change reports, weekly insights, listing version

Revision ID: 0006_listing_management
Revises: 0005_listing_soft_delete
Create Date: 2026-11-21 03:24:14.094586

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0006_listing_management'
down_revision = '0005_listing_soft_delete'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('center_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('file_key', sa.String(length=64), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('caption', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('width > 0 AND height > 0', name=op.f('ck_center_photos_size_positive')),
    sa.ForeignKeyConstraint(['center_id'], ['centers.id'], name=op.f('fk_center_photos_center_id_centers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_center_photos_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_center_photos')),
    sa.UniqueConstraint('file_key', name=op.f('uq_center_photos_file_key'))
    )
    with op.batch_alter_table('center_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_center_photos_center_id'), ['center_id'], unique=False)

    op.create_table('center_weekly_stats',
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('page_views', sa.Integer(), nullable=False),
    sa.Column('search_appearances', sa.Integer(), nullable=False),
    sa.Column('contact_clicks', sa.Integer(), nullable=False),
    sa.CheckConstraint('page_views >= 0 AND search_appearances >= 0 AND contact_clicks >= 0', name=op.f('ck_center_weekly_stats_counts_positive')),
    sa.ForeignKeyConstraint(['center_id'], ['centers.id'], name=op.f('fk_center_weekly_stats_center_id_centers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('center_id', 'week_start', name=op.f('pk_center_weekly_stats'))
    )
    op.create_table('change_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('reporter_email', sa.String(length=254), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_note', sa.String(length=500), nullable=False),
    sa.CheckConstraint("kind IN ('phone', 'closed', 'moved', 'hours', 'prices', 'other')", name=op.f('ck_change_reports_kind')),
    sa.CheckConstraint("status IN ('open', 'accepted', 'dismissed')", name=op.f('ck_change_reports_status')),
    sa.ForeignKeyConstraint(['center_id'], ['centers.id'], name=op.f('fk_change_reports_center_id_centers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_change_reports_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_change_reports_reporter_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_reports'))
    )
    with op.batch_alter_table('change_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_reports_center_id'), ['center_id'], unique=False)

    op.create_table('evidence_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_key', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=60), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['centers.id'], name=op.f('fk_evidence_files_center_id_centers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_evidence_files_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_files')),
    sa.UniqueConstraint('file_key', name=op.f('uq_evidence_files_file_key'))
    )
    with op.batch_alter_table('evidence_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_files_center_id'), ['center_id'], unique=False)

    op.create_table('special_closures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=120), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_special_closures_date_order')),
    sa.ForeignKeyConstraint(['center_id'], ['centers.id'], name=op.f('fk_special_closures_center_id_centers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_special_closures'))
    )
    with op.batch_alter_table('special_closures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_special_closures_center_id'), ['center_id'], unique=False)

    with op.batch_alter_table('center_claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evidence_file_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_center_claims_evidence_file_id_evidence_files'), 'evidence_files', ['evidence_file_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('centers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_reason', sa.String(length=500), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('submitted_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.create_foreign_key(batch_op.f('fk_centers_submitted_by_id_users'), 'users', ['submitted_by_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decided_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('rejection_reason', sa.String(length=500), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('evidence_file_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_credentials_decided_by_id_users'), 'users', ['decided_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_credentials_evidence_file_id_evidence_files'), 'evidence_files', ['evidence_file_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_credentials_evidence_file_id_evidence_files'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_credentials_decided_by_id_users'), type_='foreignkey')
        batch_op.drop_column('evidence_file_id')
        batch_op.drop_column('rejection_reason')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('decided_by_id')

    with op.batch_alter_table('centers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_centers_submitted_by_id_users'), type_='foreignkey')
        batch_op.drop_column('version')
        batch_op.drop_column('submitted_by_id')
        batch_op.drop_column('status_reason')

    with op.batch_alter_table('center_claims', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_center_claims_evidence_file_id_evidence_files'), type_='foreignkey')
        batch_op.drop_column('evidence_file_id')

    with op.batch_alter_table('special_closures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_special_closures_center_id'))

    op.drop_table('special_closures')
    with op.batch_alter_table('evidence_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_files_center_id'))

    op.drop_table('evidence_files')
    with op.batch_alter_table('change_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_reports_center_id'))

    op.drop_table('change_reports')
    op.drop_table('center_weekly_stats')
    with op.batch_alter_table('center_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_center_photos_center_id'))

    op.drop_table('center_photos')
