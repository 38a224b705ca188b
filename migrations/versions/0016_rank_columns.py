"""ranking: generated rating_rank, review_rank and bayes_score columns indexed with status, per-city published counts

Revision ID: 0016_rank_columns
Revises: 0015_review_photos
Create Date: 2026-12-06 09:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0016_rank_columns'
down_revision = '0015_review_photos'
branch_labels = None
depends_on = None

# directory.models.center.RATING_RANK_SQL and BAYES_SCORE_SQL as they were when this migration was written (frozen:
# a migration must not change when the application's constants do).
RATING_RANK_SQL = ("CASE WHEN rating_count >= 3 THEN 1000000000000 ELSE 0 END"
                   " + CASE WHEN rating_count > 0 THEN CAST((rating_sum * 20 + rating_count) / (rating_count * 2) + 1"
                   " AS BIGINT) * 1000000000 ELSE 0 END + rating_count")
BAYES_SCORE_SQL = "(CAST(17.5 AS DOUBLE PRECISION) + rating_sum) / (5 + rating_count)"
REVIEW_RANK_SQL = ("CAST(rating_count AS BIGINT) * 100 + CASE WHEN rating_count > 0"
                   " THEN (rating_sum * 20 + rating_count) / (rating_count * 2) + 1 ELSE 0 END")

QUEUE_INDEXES = [
    ('center_claims', 'ix_center_claims_status', ['status']),
    ('credentials', 'ix_credentials_status', ['status']),
    ('change_reports', 'ix_change_reports_status', ['status']),
    ('reviews', 'ix_reviews_status_created', ['status', 'created_at']),
    ('review_flags', 'ix_review_flags_open', ['resolved_at', 'review_id']),
]


def upgrade():
    # SQLite cannot add a STORED generated column to an existing table, only a VIRTUAL one (computed when read; the
    # index stores the values), and needs no table copy for it. PostgreSQL 15 has only STORED.
    stored = op.get_bind().dialect.name == 'postgresql'
    op.add_column('centers', sa.Column('rating_rank', sa.BigInteger(),
                                       sa.Computed(RATING_RANK_SQL, persisted=stored), nullable=True))
    op.add_column('centers', sa.Column('bayes_score', sa.Double(),
                                       sa.Computed(BAYES_SCORE_SQL, persisted=stored), nullable=True))
    op.create_index('ix_centers_status_rating_rank', 'centers', ['status', 'rating_rank'], unique=False)
    op.add_column('centers', sa.Column('review_rank', sa.BigInteger(),
                                       sa.Computed(REVIEW_RANK_SQL, persisted=stored), nullable=True))
    op.create_index('ix_centers_status_bayes_score', 'centers', ['status', 'bayes_score'], unique=False)
    op.create_index('ix_centers_status_review_rank', 'centers', ['status', 'review_rank'], unique=False)
    # the home's "top rated in <city>": one city's centers in score order
    op.create_index('ix_centers_city_status_bayes_score', 'centers', ['city', 'status', 'bayes_score'], unique=False)
    op.create_table(
        'city_counts',
        sa.Column('city', sa.String(length=80), nullable=False),
        sa.Column('published', sa.Integer(), server_default='0', nullable=False),
        sa.PrimaryKeyConstraint('city', name=op.f('pk_city_counts')),
    )
    op.create_index('ix_city_counts_published', 'city_counts', ['published'], unique=False)
    op.execute("INSERT INTO city_counts (city, published) "
               "SELECT city, count(*) FROM centers WHERE status = 'published' GROUP BY city")
    # Statistics for the new indexes: without them SQLite takes an index on (status, ...) for selective and reads
    # every published center through it (the guide page went from 30 ms to 400 ms at 100k centers before this).
    # The admin queues (pending claims, credentials, reports; held and flagged reviews) read by an index, not by
    # scanning every row of tables that grow with the directory.
    for table, name, columns in QUEUE_INDEXES:
        op.create_index(name, table, columns, unique=False)
    op.execute('ANALYZE centers')
    op.execute('ANALYZE city_counts')
    for table, _name, _columns in QUEUE_INDEXES:
        op.execute(f'ANALYZE {table}')


def downgrade():
    for table, name, _columns in QUEUE_INDEXES:
        op.drop_index(name, table_name=table)
    op.drop_index('ix_city_counts_published', table_name='city_counts')
    op.drop_table('city_counts')
    op.drop_index('ix_centers_city_status_bayes_score', table_name='centers')
    op.drop_index('ix_centers_status_review_rank', table_name='centers')
    op.drop_index('ix_centers_status_bayes_score', table_name='centers')
    op.drop_index('ix_centers_status_rating_rank', table_name='centers')
    # In place, not batch mode (see 0009's downgrade: a batch copy would cascade deletes on SQLite).
    op.drop_column('centers', 'review_rank')
    op.drop_column('centers', 'bayes_score')
    op.drop_column('centers', 'rating_rank')
