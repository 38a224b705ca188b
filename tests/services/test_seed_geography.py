"""Every seeded center lies inside its stated area: within 3 km of the gazetteer point for "area, city"."""
from geopy.distance import geodesic
from sqlalchemy import select

from directory.config import Config
from directory.extensions import db
from directory.geo.gazetteer import get_gazetteer
from directory.models import Center

MAX_KM = 3.0


def test_seeded_centers_lie_in_their_stated_area(seeded_app):
    gazetteer = get_gazetteer(Config.GAZETTEER_FOLDER)
    with seeded_app.app_context():
        centers = db.session.scalars(select(Center).order_by(Center.slug)).all()
    assert centers
    unknown, far = [], []
    for center in centers:
        place = gazetteer.lookup(f"{center.area}, {center.city}")
        # The area itself must be known, in the center's city, not just the city
        if place is None or place.kind == "city" or not place.label.endswith(f", {center.city}"):
            unknown.append(f"{center.slug}: {center.area}, {center.city}")
            continue
        km = geodesic((center.latitude, center.longitude), (place.latitude, place.longitude)).km
        if km > MAX_KM:
            far.append(f"{center.slug}: {km:.1f} km from {place.label}")
    assert unknown == [], "areas missing from the gazetteer"
    assert far == [], "centers outside their stated area"
