"""Center.amenities_mask: one bit per amenity (models.center.AMENITY_BITS), so comfort filters read only the index.

Kept exact by one listener: before every flush, a new center or one whose amenities list changed gets its mask
recomputed from that list, in the same UPDATE. Bulk loads that bypass the ORM compute amenity_mask() themselves.
"""
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ..models import Center
from ..models.center_index import amenity_mask


def register_listeners() -> None:
    """Keep the mask in step on every ORM session (once per process, however many apps are built)."""
    if not event.contains(Session, "before_flush", _set_masks):
        event.listen(Session, "before_flush", _set_masks)


def _set_masks(session: Session, _context, _instances) -> None:
    """New centers and centers whose amenities were assigned or flagged modified."""
    for center in (*session.new, *session.dirty):
        if not isinstance(center, Center):
            continue
        state = inspect(center)
        if state.pending or state.attrs.amenities.history.has_changes():
            mask = amenity_mask(center.amenities)
            if state.pending or state.dict.get("amenities_mask") != mask:
                center.amenities_mask = mask
