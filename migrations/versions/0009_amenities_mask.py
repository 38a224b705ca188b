"""search: an amenities bitmask in the spatial index, so comfort filters read only the index

Revision ID: 0009_amenities_mask
Revises: 0008_conditions
Create Date: 2026-12-06 05:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0009_amenities_mask'
down_revision = '0008_conditions'
branch_labels = None
depends_on = None

# The bit order of directory.models.center.AMENITY_BITS as it was when this migration was written (frozen here:
# a migration must not change when the application's list grows).
AMENITY_BITS = ('couples_room', 'parking', 'shower', 'sauna', 'steam_room', 'jacuzzi', 'wheelchair_access',
                'female_therapists', 'male_therapists', 'home_visits', 'card_payment', 'prayer_area',
                'air_conditioned', 'private_rooms')
INDEX_BEFORE = ['lat_band', 'longitude', 'latitude', 'status', 'rating_count', 'rating_sum', 'services_mask']


def _mask_sql() -> tuple[str, str]:
    """The OR of the bits of a center's amenities (sum of distinct bits) from its JSON list; rows that hold a list."""
    cases = ' '.join(f"WHEN '{key}' THEN {1 << bit}" for bit, key in enumerate(AMENITY_BITS))
    if op.get_bind().dialect.name == 'postgresql':
        elements, is_list = 'json_array_elements_text(centers.amenities) AS value', "json_typeof(amenities) = 'array'"
    else:  # json_each names the element's text "value" too
        elements, is_list = 'json_each(centers.amenities)', "json_type(amenities) = 'array'"
    return f'(SELECT coalesce(sum(DISTINCT CASE value {cases} END), 0) FROM {elements})', is_list


def upgrade():
    op.drop_index('ix_centers_spatial', table_name='centers')
    with op.batch_alter_table('centers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('amenities_mask', sa.Integer(), nullable=False, server_default='0'))
    mask, is_list = _mask_sql()
    op.execute(f'UPDATE centers SET amenities_mask = {mask} WHERE {is_list}')
    op.create_index('ix_centers_spatial', 'centers', INDEX_BEFORE + ['amenities_mask'], unique=False)


def downgrade():
    op.drop_index('ix_centers_spatial', table_name='centers')
    # Not batch mode: on SQLite it copies the table and drops the old one, and with foreign keys on, DROP TABLE
    # first deletes every row, cascading to menus, hours, reviews and documents. SQLite 3.35+ drops the column
    # in place (the index on it is gone by now).
    op.drop_column('centers', 'amenities_mask')
    op.create_index('ix_centers_spatial', 'centers', INDEX_BEFORE, unique=False)
