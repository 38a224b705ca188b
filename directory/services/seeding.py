"""Loading the sample data in seeds/: idempotent upserts by slug (reviews by center and author)."""
import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    AMENITIES,
    Center,
    CenterService,
    CenterStatus,
    Credential,
    OpeningHours,
    Review,
    Service,
    Therapist,
    User,
)
from ..models.base import utcnow
from .hours import DAY_KEYS, parse_span
from .reviews.ratings import recompute_rating
from .search_index import reindex_center
from .seed_conditions import assign_therapist_profiles, upsert_conditions


class SeedError(ValueError):
    """A seed file that cannot be loaded; the message names the file and the record."""


def load_seeds(session: Session, seeds_dir: Path, *, timezone: str,
               progress: Callable[[int], object] | None = None) -> dict[str, int]:
    """Load the catalog, centers and reviews; returns how many of each the files hold.

    `timezone` (the app's DEFAULT_TIMEZONE) is where a center is when its record names no time zone;
    `progress(n)` is told of every n records loaded (the CLI draws a bar with it).
    """
    tick = progress or (lambda _n: None)
    services = {row["slug"]: _upsert_service(session, row) for row in _read(seeds_dir / "services.json")}
    session.flush()
    conditions = _load_conditions(session, seeds_dir / "conditions.json", services)
    counts = {"services": len(services), "conditions": len(conditions), "centers": 0, "therapists": 0, "reviews": 0}
    therapist_rows = {}
    for path in sorted((seeds_dir / "centers").glob("*.json")):
        for index, row in enumerate(_read(path)):
            try:
                counts["therapists"] += _upsert_center(session, row, services, timezone)
            except (KeyError, ValueError, TypeError) as exc:
                raise SeedError(f"{path.name} record {index} ({row.get('slug', '?')}): {exc}") from exc
            counts["centers"] += 1
            therapist_rows.update({item["slug"]: (item, row["city"]) for item in row.get("therapists", [])})
            tick(1)
    session.flush()
    try:
        assign_therapist_profiles(session, therapist_rows, conditions)
    except ValueError as exc:
        raise SeedError(f"centers: {exc}") from exc
    centers = {center.slug: center for center in session.scalars(select(Center))}
    for center in centers.values():
        reindex_center(session, center)
    for path in sorted((seeds_dir / "reviews").glob("*.json")):
        for index, row in enumerate(_read(path)):
            if row["center"] not in centers:
                raise SeedError(f"{path.name} record {index}: unknown center {row['center']!r}")
            _upsert_review(session, row, centers[row["center"]])
            counts["reviews"] += 1
            tick(1)
    session.flush()
    for center in centers.values():
        recompute_rating(session, center.id)
    return counts


def _load_conditions(session: Session, path: Path, services: dict[str, Service]) -> dict:
    if not path.exists():  # an older or partial seeds folder: no conditions catalog
        return {}
    rows = _read(path)
    try:
        conditions = upsert_conditions(session, rows, services)
    except (KeyError, ValueError, TypeError) as exc:
        raise SeedError(f"{path.name}: {exc}") from exc
    session.flush()
    return conditions


def _read(path: Path) -> list[dict]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SeedError(f"{path}: {exc}") from exc


def _upsert(session: Session, model, **key):
    instance = session.scalar(select(model).filter_by(**key))
    if instance is None:
        instance = model(**key)
        session.add(instance)
    return instance


def _upsert_service(session: Session, row: dict) -> Service:
    service = _upsert(session, Service, slug=row["slug"])
    for field in ("name", "summary", "description", "pressure", "best_for", "cautions"):
        setattr(service, field, row.get(field, getattr(service, field)))
    return service


def _upsert_center(session: Session, row: dict, services: dict[str, Service], timezone: str) -> int:
    center = _upsert(session, Center, slug=row["slug"])
    for field in ("name", "kind", "description", "address", "area", "city", "country", "phone", "whatsapp",
                  "email", "website", "gender_policy"):
        setattr(center, field, row.get(field))
    center.latitude, center.longitude = float(row["lat"]), float(row["lng"])
    center.timezone = row.get("timezone", timezone)
    unknown = set(row.get("amenities", [])) - AMENITIES.keys()
    if unknown:
        raise ValueError(f"unknown amenities {sorted(unknown)}")
    center.amenities = list(row.get("amenities", []))
    center.status = row.get("status", CenterStatus.PUBLISHED)
    days = row.get("confirmed_days_ago")
    center.confirmed_at = None if days is None else utcnow() - timedelta(days=days)
    center.menu = [
        CenterService(service=services[item["service"]], name=item["name"], description=item.get("description", ""),
                      duration_min=int(item["duration_min"]), price_pkr=int(item["price_pkr"]), position=position)
        for position, item in enumerate(row["menu"])]
    center.hours = []
    session.flush()  # old spans go before new ones arrive: (center, weekday, opens) is unique
    center.hours = [OpeningHours(weekday=span.weekday, opens_at=span.opens, closes_at=span.closes)
                    for span in _spans(row.get("hours", {}))]
    existing = {therapist.slug: therapist for therapist in center.therapists}
    center.therapists = [_therapist(existing.get(item["slug"]), item, services) for item in row.get("therapists", [])]
    return len(center.therapists)


def _spans(hours: dict) -> list:
    unknown = set(hours) - set(DAY_KEYS)
    if unknown:
        raise ValueError(f"unknown weekdays {sorted(unknown)}")
    return [parse_span(DAY_KEYS.index(day), text) for day, texts in hours.items() for text in texts]


def _therapist(therapist: Therapist | None, row: dict, services: dict[str, Service]) -> Therapist:
    therapist = therapist or Therapist(slug=row["slug"])
    therapist.name = row["name"]
    therapist.gender = row.get("gender", "unspecified")
    therapist.years_practice = int(row.get("years_practice", 0))
    therapist.bio = row.get("bio", "")
    therapist.specialties = [services[slug] for slug in row.get("specialties", [])]
    therapist.credentials = [_credential(item) for item in row.get("credentials", [])]
    return therapist


def _credential(row: dict) -> Credential:
    issued = _date(row.get("issued_on"))
    verified = row.get("status") == "verified"
    return Credential(kind=row["kind"], issuer=row["issuer"], number=row.get("number", ""), issued_on=issued,
                      valid_until=_date(row.get("valid_until")), status=row.get("status", "pending"),
                      verification_method=row.get("verification_method") if verified else None,
                      verified_at=utcnow() - timedelta(days=30) if verified else None)


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _upsert_review(session: Session, row: dict, center: Center) -> None:
    handle = re.sub(r"[^a-z0-9]+", "-", row["author"].lower()).strip("-")
    author = _upsert(session, User, email=f"sample-{handle}@sukoon.invalid")
    author.display_name, author.is_sample = row["author"], True
    session.flush()
    review = session.scalar(select(Review).where(Review.center_id == center.id, Review.author_id == author.id))
    if review is None:
        review = Review(center=center, author=author)
        session.add(review)
    review.rating, review.title, review.body = int(row["rating"]), row.get("title", ""), row.get("text", "")
    review.created_at = review.updated_at = utcnow() - timedelta(days=int(row.get("days_ago", 0)))
