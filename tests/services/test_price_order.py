"""Menu lines carry their center's name (the price sort's tie-break, read from an index): kept on every write."""
from datetime import UTC, datetime

from sqlalchemy import select

from directory.extensions import db
from directory.models import CenterService
from directory.services import search_sorts
from directory.services.search import SearchQuery, search

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def line_names(center) -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(select(CenterService.center_name).where(CenterService.center_id == center.id)))


def price_sorted(monkeypatch) -> list[str]:
    monkeypatch.setattr(search_sorts, "DENSE_CIRCLE", 1)  # read from the menu lines, as over many centers
    result = search(db.session, SearchQuery(sort="price"), geocode=lambda _: None, timezone="Asia/Karachi",
                    now_utc=NOW)
    return [hit.center.name for hit in result.hits]


def test_new_lines_and_renamed_centers_keep_the_name_on_every_line(app, factories, monkeypatch):
    swedish, thai = factories.service(), factories.service()
    bravo = factories.center(name="Bravo Spa", menu=[(swedish, 60, 3000), (thai, 90, 4500)])
    alpha = factories.center(name="Alpha Spa", menu=[(swedish, 60, 3000)])
    assert line_names(bravo) == {"Bravo Spa"} and line_names(alpha) == {"Alpha Spa"}
    assert price_sorted(monkeypatch) == ["Alpha Spa", "Bravo Spa"]  # the same price: by name

    alpha.name = "Zen Spa"
    db.session.commit()
    assert line_names(alpha) == {"Zen Spa"}
    assert price_sorted(monkeypatch) == ["Bravo Spa", "Zen Spa"]

    alpha.menu.append(CenterService(service=thai, name="Thai", duration_min=60, price_pkr=2500))
    db.session.commit()
    assert line_names(alpha) == {"Zen Spa"}
    assert price_sorted(monkeypatch) == ["Zen Spa", "Bravo Spa"]  # now the cheaper
