"""The text each center is found by; rewritten whenever a center or its menu changes."""
from flask_babel import force_locale
from sqlalchemy.orm import Session

from ..models import Center, CenterDocument
from ..text import fold_urdu


def document_for(center: Center) -> str:
    """Name, kind, place, description and every menu line, as one searchable text; Urdu folded as queries are
    (labels in English, whatever the language of the page that saved the center, so the index does not depend on
    who edited last)."""
    with force_locale("en"):
        kind = str(center.kind_label)
    parts = [center.name, kind, center.area, center.city, center.description]
    for item in center.menu:
        parts += [item.name, item.service.name if item.service else ""]
    return fold_urdu(" ".join(part for part in parts if part), loose=True)


def reindex_center(session: Session, center: Center) -> None:
    document = session.get(CenterDocument, center.id)
    if document is None:
        session.add(CenterDocument(center_id=center.id, body=document_for(center)))
    else:
        document.body = document_for(center)
