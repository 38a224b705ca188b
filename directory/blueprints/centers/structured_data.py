"""schema.org JSON-LD for a center page."""
from flask import url_for

from ...models import Center, CenterKind
from ...services.hours import WEEKDAYS, Span


def center_json_ld(center: Center, spans: list[Span]) -> dict:
    """A DaySpa (or HealthAndBeautyBusiness) with address, geo, hours and AggregateRating."""
    data = {
        "@context": "https://schema.org",
        "@type": "DaySpa" if center.kind in (CenterKind.DAY_SPA, CenterKind.HOTEL_SPA) else "HealthAndBeautyBusiness",
        "name": center.name,
        "url": url_for("centers.show", slug=center.slug, _external=True),
        "description": center.description,
        "telephone": center.phone,
        "address": {"@type": "PostalAddress", "streetAddress": center.address, "addressLocality": center.city,
                    "addressRegion": center.area, "addressCountry": "PK" if center.country == "Pakistan"
                    else center.country},
        "geo": {"@type": "GeoCoordinates", "latitude": center.latitude, "longitude": center.longitude},
        "openingHoursSpecification": [
            {"@type": "OpeningHoursSpecification", "dayOfWeek": f"https://schema.org/{WEEKDAYS[span.weekday]}",
             "opens": f"{span.opens:%H:%M}", "closes": f"{span.closes:%H:%M}"} for span in spans],
    }
    if center.photos:
        data["image"] = [url_for("media.photo", key=photo.file_key, _external=True) for photo in center.photos]
    if center.rating_count:
        data["aggregateRating"] = {"@type": "AggregateRating", "ratingValue": center.rating,
                                   "reviewCount": center.rating_count, "bestRating": 5, "worstRating": 1}
    return {key: value for key, value in data.items() if value not in (None, "")}
