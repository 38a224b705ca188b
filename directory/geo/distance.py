"""Great-circle distance and the boxes that bound a circle on the sphere (antimeridian and poles included)."""
import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Distance along the earth's surface between two points, in km."""
    return h_to_km(haversine_h(lat1, lng1, lat2, lng2))


def haversine_h(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """The haversine term h (0..1); distance grows with it, so it can be compared and sorted directly."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lng2 - lng1)
    return math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2


def h_to_km(h: float) -> float:
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, h))))


def km_to_h(km: float) -> float:
    return math.sin(min(math.pi / 2, km / (2 * EARTH_RADIUS_KM))) ** 2


@dataclass(frozen=True)
class Box:
    """Latitude range plus one or two longitude ranges (two when the box crosses the antimeridian)."""

    min_lat: float
    max_lat: float
    lng_ranges: tuple[tuple[float, float], ...]


def bounding_box(lat: float, lng: float, radius_km: float) -> Box:
    """The smallest lat/lng box holding every point within `radius_km` of (lat, lng)."""
    angular = radius_km / EARTH_RADIUS_KM
    dlat = math.degrees(angular)
    min_lat, max_lat = lat - dlat, lat + dlat
    if min_lat <= -90 or max_lat >= 90:  # the circle holds a pole: every longitude
        return Box(max(min_lat, -90.0), min(max_lat, 90.0), ((-180.0, 180.0),))
    ratio = math.sin(angular) / math.cos(math.radians(lat))
    if ratio >= 1:
        return Box(min_lat, max_lat, ((-180.0, 180.0),))
    dlng = math.degrees(math.asin(ratio))
    west, east = lng - dlng, lng + dlng
    if west < -180:
        return Box(min_lat, max_lat, ((west + 360, 180.0), (-180.0, east)))
    if east > 180:
        return Box(min_lat, max_lat, ((west, 180.0), (-180.0, east - 360)))
    return Box(min_lat, max_lat, ((west, east),))
