"""The text each center is found by; rewritten whenever a center or its menu changes."""
from flask_babel import force_locale
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from ..models import Center, CenterDocument
from ..text import search_document


def document_for(center: Center) -> str:
    """Name, kind, place, description and every menu line, as the words search compares (text.search_document:
    folded as queries are); labels in English, whatever the language of the page that saved the center, so the
    index does not depend on who edited last."""
    with force_locale("en"):
        kind = str(center.kind_label)
    parts = [center.name, kind, center.area, center.city, center.description]
    for item in center.menu:
        parts += [item.name, item.service.name if item.service else ""]
    return search_document(" ".join(part for part in parts if part))


def reindex_center(session: Session, center: Center) -> None:
    document = session.get(CenterDocument, center.id)
    if document is None:
        session.add(CenterDocument(center_id=center.id, body=document_for(center)))
    else:
        document.body = document_for(center)


MERGE_PAGES = 2_000  # pages of SQLite's full-text index merged per step (a few tens of ms)


def merge_text_index(connection: Connection | Session) -> bool:
    """One bounded step of keeping the full-text index quick to test row by row; True while there is more to do.

    SQLite: FTS5's 'merge' with a negative budget merges every segment into one, as 'optimize' does, about
    MERGE_PAGES pages a step, so writers wait one step at most. Each segment is opened for every row a search tests
    against its own document (search_text.py): at 100k, an index written by a bulk load tested "spa" within 50 km in
    37 ms, merged in 8 ms. PostgreSQL: refreshes the words' statistics its estimates read (ANALYZE), in one step.
    """
    dialect = connection.dialect if isinstance(connection, Connection) else connection.get_bind().dialect
    if dialect.name != "sqlite":
        connection.execute(text("ANALYZE center_documents"))
        return False
    before = connection.scalar(text("SELECT total_changes()"))
    connection.execute(text("INSERT INTO center_documents_fts(center_documents_fts, rank) VALUES ('merge', :pages)"),
                       {"pages": -MERGE_PAGES})
    return connection.scalar(text("SELECT total_changes()")) - before >= 2  # the command itself counts one change
