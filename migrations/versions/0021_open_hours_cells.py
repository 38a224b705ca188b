"""search: the hours anything is open in each 0.1-degree cell and time zone, so "open now" where nothing is open
answers without reading the circle's centers

Revision ID: 0021_open_hours_cells
Revises: 0020_price_name_order
Create Date: 2026-12-06 18:10:00

"""
import math
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = '0021_open_hours_cells'
down_revision = '0020_price_name_order'
branch_labels = None
depends_on = None

BANDS_PER_CELL, CELLS_PER_DEGREE = 20, 10  # directory/services/open_cells.py as written (frozen here)


def upgrade():
    cells = op.create_table(
        'open_hours_cells',
        sa.Column('cell_lat', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('cell_lng', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('timezone', sa.String(length=50), nullable=False),
        sa.Column('hours_0', sa.BigInteger(), nullable=False),
        sa.Column('hours_1', sa.BigInteger(), nullable=False),
        sa.Column('hours_2', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('cell_lat', 'cell_lng', 'timezone', name=op.f('pk_open_hours_cells')),
    )
    masks = defaultdict(lambda: [0, 0, 0])
    rows = op.get_bind().execute(sa.text(
        'SELECT lat_band, longitude, timezone, hours_mask_0, hours_mask_1, hours_mask_2 FROM centers '
        'WHERE hours_mask_0 != 0 OR hours_mask_1 != 0 OR hours_mask_2 != 0').execution_options(yield_per=20_000))
    for lat_band, longitude, zone, *hours in rows:
        kept = masks[(lat_band // BANDS_PER_CELL, math.floor(longitude * CELLS_PER_DEGREE), zone)]
        for column, value in enumerate(hours):
            kept[column] |= value
    filled = [{'cell_lat': cell_lat, 'cell_lng': cell_lng, 'timezone': zone, 'hours_0': hours[0],
               'hours_1': hours[1], 'hours_2': hours[2]} for (cell_lat, cell_lng, zone), hours in sorted(masks.items())]
    for start in range(0, len(filled), 5_000):
        op.bulk_insert(cells, filled[start:start + 5_000])


def downgrade():
    op.drop_table('open_hours_cells')
