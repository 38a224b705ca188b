"""CityCount: published centers per city, kept in step so the home page reads a dozen rows, not every center.

One listener pair: before every flush, the changes that move a center in or out of a city's published count (a new
published center, a status or city change, a deletion) are summed per city; after the flush writes the centers,
those sums are added to city_counts in the same transaction with an upsert (`published = published + delta`, safe
under concurrent writers). Bulk loads that bypass the ORM, and the migration, call refresh_city_counts().
"""
from sqlalchemy import Connection, delete, event, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..models import Center, CenterStatus, CityCount


def refresh_city_counts(connection: Connection | Session) -> None:
    """Recount every city from the centers table (one GROUP BY: for bulk loads, not for requests)."""
    connection.execute(delete(CityCount))
    counted = (select(Center.city, func.count()).where(Center.status == CenterStatus.PUBLISHED)
               .group_by(Center.city))
    connection.execute(CityCount.__table__.insert().from_select(["city", "published"], counted))


def add_to_counts(connection: Connection, deltas: dict[str, int]) -> None:
    """published += delta for each city (rows created as needed)."""
    rows = [{"city": city, "published": delta} for city, delta in sorted(deltas.items()) if delta]
    if not rows:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(CityCount).values(rows)
    connection.execute(stmt.on_conflict_do_update(
        index_elements=[CityCount.city], set_={"published": CityCount.published + stmt.excluded.published}))


def register_listeners() -> None:
    """Keep the counts in step on every ORM session (once per process, however many apps are built)."""
    for name, listener in (("before_flush", _collect), ("after_flush", _apply)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def _values(center: Center, key: str) -> tuple[object, object]:
    """(value before, value after) this flush; None before for a new center (city and status keep active history)."""
    state = inspect(center)
    if state.persistent and key in state.unloaded:
        getattr(center, key)  # expired: load it, so the value before is known
    history = state.attrs[key].history
    before = (history.deleted or history.unchanged or [None])[0]
    after = (history.added or history.unchanged or [None])[0]
    return before, after


def _collect(session: Session, _context, _instances) -> None:
    deltas: dict[str, int] = {}

    def count(city, status, step: int) -> None:
        if city is not None and status == CenterStatus.PUBLISHED:
            deltas[city] = deltas.get(city, 0) + step

    for center in session.new:
        if isinstance(center, Center):
            count(center.city, center.status, 1)
    for center in session.dirty:
        if isinstance(center, Center) and inspect(center).persistent:
            city_before, city_after = _values(center, "city")
            status_before, status_after = _values(center, "status")
            count(city_before, status_before, -1)
            count(city_after, status_after, 1)
    for center in session.deleted:
        if isinstance(center, Center):
            city_before, _ = _values(center, "city")
            status_before, _ = _values(center, "status")
            count(city_before, status_before, -1)
    deltas = {city: delta for city, delta in deltas.items() if delta}
    if deltas:
        session.info["city_count_deltas"] = deltas
    else:
        session.info.pop("city_count_deltas", None)


def _apply(session: Session, _context) -> None:
    deltas = session.info.pop("city_count_deltas", None)
    if deltas:
        add_to_counts(session.connection(), deltas)
