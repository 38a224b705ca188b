"""search: each center's document stored as the words search compares (folded, one space apart, a space before
each), so SQLite tests one document for a word's beginning with instr() instead of a full-text MATCH per candidate;
its FTS5 index folds nothing more (remove_diacritics 0)

Revision ID: 0030_document_words
Revises: 0029_spatial_gender_kind
Create Date: 2026-12-07 19:00:00

"""
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0030_document_words'
down_revision = '0029_spatial_gender_kind'
branch_labels = None
depends_on = None

BATCH = 2000

# Frozen copies of directory/models/search.py's FTS5 table and triggers as of this revision, and of the table before
# it (0023_fts_prefixes).
FTS_WORDS = ("CREATE VIRTUAL TABLE center_documents_fts USING fts5(body, content='center_documents', "
             "content_rowid='center_id', tokenize='unicode61 remove_diacritics 0', prefix='2 3 4 5 6 7 8')")
FTS_BEFORE = ("CREATE VIRTUAL TABLE center_documents_fts USING fts5(body, content='center_documents', "
              "content_rowid='center_id', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4 5 6 7 8')")
TRIGGERS = [
    "CREATE TRIGGER center_documents_ai AFTER INSERT ON center_documents BEGIN "
    "INSERT INTO center_documents_fts(rowid, body) VALUES (new.center_id, new.body); END",
    "CREATE TRIGGER center_documents_ad AFTER DELETE ON center_documents BEGIN "
    "INSERT INTO center_documents_fts(center_documents_fts, rowid, body) "
    "VALUES ('delete', old.center_id, old.body); END",
    "CREATE TRIGGER center_documents_au AFTER UPDATE ON center_documents BEGIN "
    "INSERT INTO center_documents_fts(center_documents_fts, rowid, body) "
    "VALUES ('delete', old.center_id, old.body); "
    "INSERT INTO center_documents_fts(rowid, body) VALUES (new.center_id, new.body); END",
]

# Frozen copy of directory/text.py's search_document() (and the fold_urdu it calls) as of this revision.
_FOLD = str.maketrans({
    **dict.fromkeys("يى", "ی"), "ك": "ک", **dict.fromkeys("هە", "ہ"), "ۀ": "ۂ", "ة": "ۃ",
    **{chr(0x0660 + digit): str(digit) for digit in range(10)},
    **{chr(0x06F0 + digit): str(digit) for digit in range(10)},
    **dict.fromkeys("\u0640\u200c\u200d\u200e\u200f\u061c\u00ad\ufeff"),
    **dict.fromkeys("،؛؟۔٪٫٬«»", " "),
})
_LOOSE = str.maketrans({**dict.fromkeys("آأإٱ", "ا"), "ؤ": "و", "ئ": "ی", "ۓ": "ے", **dict.fromkeys("ۂۃھ", "ہ"),
                        "ں": "ن"})
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_ASCII_WORD = re.compile("[a-z0-9]+")


def _runs(inside) -> re.Pattern:
    ranges, start = [], None
    for code in range(0x30001):
        if code < 0x30000 and inside(chr(code)):
            start = code if start is None else start
        elif start is not None:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
            start = None
    return re.compile(f"[{''.join(ranges)}]+")


def _document(text: str, patterns: tuple) -> str:
    if text.isascii():
        return f" {' '.join(_ASCII_WORD.findall(text.lower()))} "
    folded = _MARKS.sub("", unicodedata.normalize("NFKC", text).translate(_FOLD)).translate(_LOOSE)
    word, mark = patterns
    return f" {' '.join(word.findall(mark.sub('', unicodedata.normalize('NFKD', folded.casefold()))))} "


def upgrade():
    """Every document rewritten as its words, a batch at a time. SQLite: the FTS5 table and its triggers dropped
    first (each rewrite would update the index twice), then built anew from the rewritten documents and merged into
    one segment (1M documents: ~1-2 minutes in all). PostgreSQL recomputes each row's stored words as it goes."""
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS center_documents_ai")
        op.execute("DROP TRIGGER IF EXISTS center_documents_ad")
        op.execute("DROP TRIGGER IF EXISTS center_documents_au")
        op.execute("DROP TABLE IF EXISTS center_documents_fts")
    patterns = (_runs(lambda ch: unicodedata.ucd_3_2_0.category(ch)[0] in "LN"),
                _runs(lambda ch: unicodedata.category(ch)[0] == "M"))
    select = sa.text("SELECT center_id, body FROM center_documents WHERE center_id > :after ORDER BY center_id "
                     "LIMIT :batch")
    update = sa.text("UPDATE center_documents SET body = :body WHERE center_id = :center_id")
    after = 0
    while rows := bind.execute(select, {"after": after, "batch": BATCH}).all():
        changed = [{"center_id": center_id, "body": words} for center_id, body in rows
                   if (words := _document(body or "", patterns)) != body]
        if changed:
            bind.execute(update, changed)
        after = rows[-1][0]
    if sqlite:
        _index(FTS_WORDS)
        for statement in TRIGGERS:
            op.execute(statement)


def downgrade():
    """The FTS5 table as before (folding accents itself); the documents stay words, which it reads as well (the next
    edit of a center writes its text again)."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS center_documents_fts")
        _index(FTS_BEFORE)


def _index(statement: str) -> None:
    op.execute(statement)
    op.execute("INSERT INTO center_documents_fts(center_documents_fts) VALUES ('rebuild')")
    op.execute("INSERT INTO center_documents_fts(center_documents_fts) VALUES ('optimize')")
