"""search: an hour-of-week mask of each center's opening hours in the spatial index, so "open now" rejects closed
centers from the index

Revision ID: 0019_hours_mask
Revises: 0018_price_index
Create Date: 2026-12-06 12:10:00

"""
from itertools import groupby

from alembic import op
import sqlalchemy as sa


revision = '0019_hours_mask'
down_revision = '0018_price_index'
branch_labels = None
depends_on = None

INDEX_BEFORE = ['lat_band', 'longitude', 'latitude', 'status', 'rating_count', 'rating_sum', 'services_mask',
                'amenities_mask']
COLUMNS = ['hours_mask_0', 'hours_mask_1', 'hours_mask_2']
HOURS_PER_MASK = 56  # frozen here as directory.models.center.hours_masks had it when this was written


def _minutes(value) -> int:
    if isinstance(value, str):  # SQLite hands TIME back as text through a raw connection
        hours, minutes = value.split(':')[:2]
        return int(hours) * 60 + int(minutes)
    return value.hour * 60 + value.minute


def masks(spans) -> list[int]:
    result = [0, 0, 0]
    for weekday, opens, closes in spans:
        start, length = weekday * 1440 + _minutes(opens), _minutes(closes) - _minutes(opens)
        end = start + (length if length > 0 else length + 1440)
        for hour in range(start // 60, (end + 59) // 60):
            hour %= 168
            result[hour // HOURS_PER_MASK] |= 1 << (hour % HOURS_PER_MASK)
    return result


def upgrade():
    op.drop_index('ix_centers_spatial', table_name='centers')
    for column in COLUMNS:  # plain ADD COLUMN on both backends (no batch copy of centers)
        op.add_column('centers', sa.Column(column, sa.BigInteger(), nullable=False, server_default='0'))
    connection = op.get_bind()
    rows = connection.execution_options(yield_per=20_000).execute(sa.text('SELECT center_id, weekday, opens_at, closes_at FROM opening_hours '
                                      'ORDER BY center_id'))
    update = sa.text('UPDATE centers SET hours_mask_0 = :m0, hours_mask_1 = :m1, hours_mask_2 = :m2 '
                     'WHERE id = :center_id')
    batch = []
    for center_id, spans in groupby(rows, key=lambda row: row[0]):
        m0, m1, m2 = masks((weekday, opens, closes) for _, weekday, opens, closes in spans)
        if m0 or m1 or m2:
            batch.append({'center_id': center_id, 'm0': m0, 'm1': m1, 'm2': m2})
        if len(batch) >= 20_000:
            connection.execute(update, batch)
            batch = []
    if batch:
        connection.execute(update, batch)
    op.create_index('ix_centers_spatial', 'centers', INDEX_BEFORE + COLUMNS, unique=False)
    # Statistics for the rebuilt index; on SQLite this also gives 0017's (status, deleted_at, id) index the ones it
    # lacked, without which the planner took it as selective and read every published center for a search box.
    op.execute('ANALYZE centers')


def downgrade():
    op.drop_index('ix_centers_spatial', table_name='centers')
    for column in reversed(COLUMNS):  # in place (SQLite 3.35+), never batch mode: see 0009's downgrade
        op.drop_column('centers', column)
    op.create_index('ix_centers_spatial', 'centers', INDEX_BEFORE, unique=False)
