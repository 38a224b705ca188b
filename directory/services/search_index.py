"""The text each center is found by; rewritten whenever a center or its menu changes."""
from sqlalchemy.orm import Session

from ..models import Center, CenterDocument
from ..text import fold_urdu


def document_for(center: Center) -> str:
    """Name, kind, place, description and every menu line, as one searchable text; Urdu folded as queries are."""
    parts = [center.name, center.kind_label, center.area, center.city, center.description]
    for item in center.menu:
        parts += [item.name, item.service.name if item.service else ""]
    return fold_urdu(" ".join(part for part in parts if part), loose=True)


def reindex_center(session: Session, center: Center) -> None:
    document = session.get(CenterDocument, center.id)
    if document is None:
        session.add(CenterDocument(center_id=center.id, body=document_for(center)))
    else:
        document.body = document_for(center)
