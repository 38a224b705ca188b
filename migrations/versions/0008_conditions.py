"""conditions catalog: conditions, their suited massage types, therapists' focus conditions and languages

Revision ID: 0008_conditions
Revises: 0007_finer_bands_service_mask
Create Date: 2026-12-06 05:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0008_conditions'
down_revision = '0007_finer_bands_service_mask'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('conditions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('name_ur', sa.String(length=120), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('synonyms', sa.JSON(), nullable=False),
    sa.Column('tell_therapist', sa.JSON(), nullable=False),
    sa.Column('red_flags', sa.JSON(), nullable=False),
    sa.Column('wait_if', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conditions')),
    sa.UniqueConstraint('slug', name=op.f('uq_conditions_slug'))
    )
    op.create_table('condition_services',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('condition_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('why', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['condition_id'], ['conditions.id'], name=op.f('fk_condition_services_condition_id_conditions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_condition_services_service_id_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_condition_services')),
    sa.UniqueConstraint('condition_id', 'service_id', name=op.f('uq_condition_services_condition_id_service_id'))
    )
    with op.batch_alter_table('condition_services', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_condition_services_service_id'), ['service_id'], unique=False)

    op.create_table('therapist_conditions',
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('condition_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['condition_id'], ['conditions.id'], name=op.f('fk_therapist_conditions_condition_id_conditions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['therapist_id'], ['therapists.id'], name=op.f('fk_therapist_conditions_therapist_id_therapists'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('therapist_id', 'condition_id', name=op.f('pk_therapist_conditions'))
    )
    with op.batch_alter_table('therapist_conditions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_therapist_conditions_condition_id'), ['condition_id'], unique=False)

    with op.batch_alter_table('therapists', schema=None) as batch_op:
        batch_op.add_column(sa.Column('languages', sa.JSON(), server_default='[]', nullable=False))


def downgrade():
    with op.batch_alter_table('therapists', schema=None) as batch_op:
        batch_op.drop_column('languages')

    with op.batch_alter_table('therapist_conditions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_therapist_conditions_condition_id'))

    op.drop_table('therapist_conditions')
    with op.batch_alter_table('condition_services', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_condition_services_service_id'))

    op.drop_table('condition_services')
    op.drop_table('conditions')
