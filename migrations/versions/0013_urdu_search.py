"""center_documents: Urdu text folded as search queries now are (letter variants, marks, hamza, madda, ھ, ں)

Revision ID: 0013_urdu_search
Revises: 0012_user_language
Create Date: 2026-12-06 09:00:00

"""
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0013_urdu_search'
down_revision = '0012_user_language'
branch_labels = None
depends_on = None

BATCH = 1000
# Documents holding Arabic-script text (the Arabic block and its presentation forms); the rest are unchanged
ARABIC = "[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]"

# Frozen copy of directory/text.py's fold_urdu(text, loose=True) as of this revision.
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


def _fold(text):
    if text.isascii():
        return text
    return _MARKS.sub("", unicodedata.normalize("NFKC", text).translate(_FOLD)).translate(_LOOSE)


def upgrade():
    """Rewrite the documents with Urdu in them, a batch at a time (the SQLite triggers keep the FTS5 index in step)."""
    bind = op.get_bind()
    match = "body ~ :pattern" if bind.dialect.name == "postgresql" else "body GLOB :pattern"
    pattern = ARABIC if bind.dialect.name == "postgresql" else f"*{ARABIC}*"
    select = sa.text(f"SELECT center_id, body FROM center_documents WHERE center_id > :after AND {match} "  # noqa: S608
                     "ORDER BY center_id LIMIT :batch")
    update = sa.text("UPDATE center_documents SET body = :body WHERE center_id = :center_id")
    after = 0
    while True:
        rows = bind.execute(select, {"after": after, "pattern": pattern, "batch": BATCH}).all()
        if not rows:
            break
        changed = [{"center_id": center_id, "body": _fold(body)} for center_id, body in rows if _fold(body) != body]
        if changed:
            bind.execute(update, changed)
        after = rows[-1][0]


def downgrade():
    """Nothing to undo: folded text stays valid text, and the next edit of a center rewrites its document anyway."""
