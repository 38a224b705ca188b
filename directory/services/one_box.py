"""The one search box: read free text with the interpreter and fill the structured query; explicit parameters win."""
import csv
import dataclasses
import functools
import json
from collections.abc import Callable
from pathlib import Path

from flask_babel import LazyString, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from ..geo.gazetteer import Place
from .query_parse import Interpretation, Vocabulary, build_vocabulary, interpret
from .search import SearchQuery, SearchResult, search

# Interpreted filter -> the request parameter that, when given, overrides it
PARAMETERS = {"gender": "gender", "amenity": "amenity", "open_now": "open_now", "verified": "verified",
              "max_price": "max_price", "sort": "sort"}


@functools.cache
def load_conditions(path: str) -> tuple[dict, ...]:
    """The conditions catalog (seeds/conditions.json), read once per process."""
    with Path(path).open(encoding="utf-8") as file:
        return tuple(json.load(file))


@functools.cache
def gazetteer_names(folder: Path) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """(spelling, name) of every local area and alias, and (Urdu spelling, place) pairs for the interpreter.

    An Urdu spelling's place is "name, city" (or a city's name): what the gazetteer resolves without doubt. Urdu
    spellings stay out of the "did you mean" names: short Urdu words ("سکون") look too much like short place names.
    """
    names, urdu = [], []
    for file_name in ("karachi.csv", "pakistan.csv"):
        with (folder / file_name).open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                names += [(spelling, row["name"]) for spelling in [row["name"], *row["aliases"].split("|")] if spelling]
                urdu += [(spelling, f"{row['name']}, {row['city']}") for spelling in (row.get("urdu") or "").split("|")
                         if spelling]
    names += [(city, city) for city in ("Karachi", "Lahore", "Islamabad", "Rawalpindi")]
    with (folder / "urdu_aliases.csv").open(encoding="utf-8", newline="") as file:
        # Cities in Urdu script; their Roman-Urdu spellings ("Pishawar") reach the gazetteer as typed
        urdu += [(row["alias"], row["name"]) for row in csv.DictReader(file) if not row["alias"].isascii()]
    return tuple(names), tuple(urdu)


@functools.lru_cache(maxsize=8)
def vocabulary_for(conditions_path: str, services: tuple[tuple[str, str], ...], gazetteer_folder: Path) -> Vocabulary:
    """The interpreter's vocabulary for this catalog, built once per process and catalog."""
    places, aliases = gazetteer_names(gazetteer_folder)
    return build_vocabulary(load_conditions(conditions_path), services, places, aliases)


def apply_interpretation(query: SearchQuery, given: set[str], vocabulary: Vocabulary,
                         geocode: Callable[[str], Place | None]) -> tuple[SearchQuery, Interpretation | None]:
    """Interpret query.q and fill what the visitor did not set explicitly; the interpretation keeps what was applied."""
    if not query.q.strip():
        return query, None
    found = interpret(query.q, vocabulary, geocode)
    parts, changes = list(found.parts), {"q": found.text}
    explicit_place = bool({"near", "lat", "lng"} & given)
    if found.place is not None and not explicit_place:
        changes["place"] = Place(found.place.lat, found.place.lng, found.place.name, "interpreted")
    if "service" in given:
        parts = [part for part in parts if part.kind != "service"]
    else:
        changes["services"] = list(found.services)
    filters = {}
    for name, value in found.filters.items():
        if PARAMETERS[name] in given or (name == "max_price" and (query.min_price or 0) > value):
            parts = [part for part in parts if not (part.kind == "filter" and part.value[0] == name)]
            continue
        filters[name] = value
        field = {"gender": "gender", "amenity": "amenities"}.get(name, name)
        changes[field] = list(value) if isinstance(value, list) else value
    if explicit_place:
        parts = [part for part in parts if part.kind not in ("place", "unknown_place")]
    applied = dataclasses.replace(
        found, services=tuple(changes.get("services", query.services)), filters=filters, parts=tuple(parts),
        place=None if explicit_place else found.place,
        unknown_place=None if explicit_place else found.unknown_place,
        suggestions=() if explicit_place else found.suggestions)
    return dataclasses.replace(query, **changes), applied


def search_box(session: Session, query: SearchQuery, *, given: set[str], vocabulary: Vocabulary,
               geocode: Callable[[str], Place | None], lookup: Callable[[str], Place | None]
               ) -> tuple[SearchResult, Interpretation | None]:
    """Interpret the box (places from `lookup`, the offline gazetteer), then run the one search."""
    query, understood = apply_interpretation(query, given, vocabulary, lookup)
    return search(session, query, geocode=geocode), understood


def suited_lines(result: SearchResult, understood: Interpretation | None,
                 vocabulary: Vocabulary) -> dict[int, str]:
    """For a condition search, each center's best-ranked suited type: "Trigger point: often chosen for sciatica"."""
    if understood is None or understood.condition is None or not result.hits:
        return {}
    condition = vocabulary.conditions[understood.condition]
    lines = {}
    for hit in result.hits:
        for slug in condition.services:
            if slug in hit.center.services:
                name = vocabulary.service_names.get(slug, slug)
                lines[hit.center.id] = _l("%(type)s: often chosen for %(condition)s",  # shown in the page's language
                                      type=LazyString(gettext, name),
                                      condition=LazyString(lambda text: gettext(text).lower(), condition.name))
                break
    return lines
