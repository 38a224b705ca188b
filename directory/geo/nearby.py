"""Nearest centers to a point: a box that starts small and doubles until it holds the k nearest.

The box is read through the index on (lat_band, longitude, latitude): one index range per 0.1-degree latitude band,
so a small box touches a few dozen rows even among a million. Candidates are ranked by the exact haversine term
in SQL; only those inside the circle count, so the answer equals a brute-force scan (see tests/geo/test_nearby.py).
"""
import math
from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from ..models import Center, CenterStatus
from ..models.center import latitude_band
from .distance import bounding_box, h_to_km, km_to_h

START_KM = 0.5
RAD = math.pi / 180


def haversine_h_sql(lat: float, lng: float) -> ColumnElement[float]:
    """SQL for the haversine term between each center and (lat, lng)."""
    half_dlat = (Center.latitude - lat) * (RAD / 2)
    half_dlng = (Center.longitude - lng) * (RAD / 2)
    sin_lat, sin_lng = func.sin(half_dlat), func.sin(half_dlng)
    return sin_lat * sin_lat + math.cos(lat * RAD) * func.cos(Center.latitude * RAD) * sin_lng * sin_lng


def in_circle_box(lat: float, lng: float, radius_km: float) -> ColumnElement[bool]:
    """Index-friendly condition for the box around a circle: latitude bands as an IN list, then longitude."""
    box = bounding_box(lat, lng, radius_km)
    bands = list(range(latitude_band(box.min_lat), latitude_band(box.max_lat) + 1))
    longitudes = or_(*(Center.longitude.between(west, east) for west, east in box.lng_ranges))
    return and_(Center.lat_band.in_(bands), longitudes, Center.latitude.between(box.min_lat, box.max_lat))


def nearby(session: Session, lat: float, lng: float, *, radius_km: float, limit: int, offset: int = 0,
           where: Iterable[ColumnElement[bool]] = ()) -> list[tuple[int, float]]:
    """(center id, distance km) of the published centers nearest (lat, lng) within radius_km, nearest first."""
    need = offset + limit
    if need <= 0:
        return []
    conditions = [Center.status == CenterStatus.PUBLISHED, *where]
    h = haversine_h_sql(lat, lng)
    box_km = min(START_KM, radius_km)
    while True:
        stmt = (select(Center.id, h.label("h")).where(in_circle_box(lat, lng, box_km), *conditions)
                .order_by("h", Center.id).limit(need))
        inside = [(center_id, value) for center_id, value in session.execute(stmt) if value <= km_to_h(box_km)]
        if len(inside) >= need or box_km >= radius_km:
            return [(center_id, h_to_km(value)) for center_id, value in inside[offset:need]]
        box_km = min(box_km * 2, radius_km)


def count_within(session: Session, lat: float, lng: float, *, radius_km: float,
                 where: Iterable[ColumnElement[bool]] = (), cap: int = 200) -> tuple[int, bool]:
    """How many published centers lie within the radius, counting at most cap + 1; True when over the cap."""
    inner = (select(Center.id).where(in_circle_box(lat, lng, radius_km), haversine_h_sql(lat, lng) <= km_to_h(
        radius_km), Center.status == CenterStatus.PUBLISHED, *where).limit(cap + 1))
    total = session.scalar(select(func.count()).select_from(inner.subquery())) or 0
    return min(total, cap), total > cap
