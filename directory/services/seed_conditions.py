"""Seeding the conditions catalog, and therapists' languages and focus conditions (explicit, or derived)."""
import zlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Condition, ConditionService, Service, Therapist

SYNONYM_LANGUAGES = ("en", "roman_ur", "ur")
MAX_DERIVED_FOCUS = 4
REGIONAL_LANGUAGE = {"Karachi": "sd", "Lahore": "pa", "Islamabad": "pa", "Rawalpindi": "pa", "Peshawar": "ps"}


def upsert_conditions(session: Session, rows: list[dict], services: dict[str, Service]) -> dict[str, Condition]:
    """Insert or update each condition by slug, replacing its ranked massage types."""
    found = {c.slug: c for c in session.scalars(select(Condition).where(Condition.slug.in_([r["slug"] for r in rows])))}
    conditions = {}
    for row in rows:
        condition = found.get(row["slug"])
        if condition is None:
            condition = Condition(slug=row["slug"])
            session.add(condition)
        condition.name, condition.name_ur = row["name"], row.get("name_ur", "")
        condition.summary = row.get("summary", "")
        condition.synonyms = {lang: list(row.get("synonyms", {}).get(lang, [])) for lang in SYNONYM_LANGUAGES}
        for field in ("tell_therapist", "red_flags", "wait_if"):
            setattr(condition, field, list(row.get(field, [])))
        _set_services(session, condition, row.get("services", []), services)
        conditions[condition.slug] = condition
    return conditions


def _set_services(session: Session, condition: Condition, items: list[dict], services: dict[str, Service]) -> None:
    unknown = [item["slug"] for item in items if item["slug"] not in services]
    if unknown:
        raise ValueError(f"unknown massage types {unknown}")
    condition.services = []
    session.flush()  # old ranks go before new ones arrive: (condition, service) is unique
    condition.services = [ConditionService(service=services[item["slug"]], rank=rank, why=item.get("why", ""))
                          for rank, item in enumerate(items, start=1)]


def assign_therapist_profiles(session: Session, rows: dict[str, tuple[dict, str]],
                              conditions: dict[str, Condition]) -> None:
    """Give each seeded therapist (slug -> (row, city)) languages and focus conditions."""
    for therapist in session.scalars(select(Therapist).where(Therapist.slug.in_(list(rows)))):
        row, city = rows[therapist.slug]
        therapist.languages = list(row["languages"]) if "languages" in row else derived_languages(therapist.slug, city)
        if "conditions" in row:
            unknown = set(row["conditions"]) - conditions.keys()
            if unknown:
                raise ValueError(f"therapist {therapist.slug}: unknown conditions {sorted(unknown)}")
            therapist.conditions = [conditions[slug] for slug in row["conditions"]]
        else:
            specialties = {service.slug for service in therapist.specialties}
            therapist.conditions = derived_focus(specialties, list(conditions.values()))


def derived_languages(slug: str, city: str) -> list[str]:
    """Urdu for everyone; English for about two in three; the city's regional language for some (stable per slug)."""
    spin = zlib.crc32(slug.encode())
    languages = ["ur"]
    if spin % 3:
        languages.append("en")
    if city in REGIONAL_LANGUAGE and spin % 4 == 0:
        languages.append(REGIONAL_LANGUAGE[city])
    return languages


def derived_focus(specialties: set[str], conditions: list[Condition]) -> list[Condition]:
    """Conditions whose first-choice type the therapist practises, or two of whose suited types they practise."""
    scored = []
    for index, condition in enumerate(conditions):
        ranked = [item.service.slug for item in condition.services]
        matches = sum(slug in specialties for slug in ranked)
        score = matches + (2 if ranked and ranked[0] in specialties else 0)
        if score >= 2:
            scored.append((-score, index, condition))
    return [condition for _, _, condition in sorted(scored, key=lambda item: item[:2])[:MAX_DERIVED_FOCUS]]
