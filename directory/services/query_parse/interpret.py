"""interpret(): one box's free text to a condition, massage types, a place, comfort filters and leftover words."""
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .vocabulary import FILTER_LABELS, Vocabulary, normalize_words, phrase_key

MAX_WORDS = 16  # a search box, not an essay: words past this are not read
PRICE_BEFORE = {("under",), ("below",), ("upto",), ("up", "to"), ("max",), ("maximum",), ("less", "than"),
                ("within",), ("budget",), ("tak",)}
PRICE_AFTER = {("se", "kam"), ("say", "kam"), ("tak",), ("or", "less"), ("or", "below"), ("se", "neeche"),
               ("سے", "کم"), ("تک",)}
_AMOUNT = re.compile(r"^(?:rs|pkr)?(\d{1,7})(k)?$")


@dataclass(frozen=True)
class PlaceMatch:
    name: str
    lat: float
    lng: float


@dataclass(frozen=True)
class Part:
    """One understood piece, with the word positions it came from (a link can drop them)."""

    kind: str  # condition | service | place | near_me | filter | unknown_place
    value: object
    label: str
    words: tuple[int, ...]


@dataclass(frozen=True)
class Interpretation:
    """What the box said, structured; `words` are the normalized words the parts point into."""

    condition: str | None = None
    services: tuple[str, ...] = ()  # named types, or the condition's suited types when none was named
    place: PlaceMatch | None = None
    near_me: bool = False
    # gender/amenity: lists ("ladies" is women_only and separate_sections); open_now/verified: True; max_price; sort
    filters: dict = field(default_factory=dict)
    text: str = ""
    unknown_place: str | None = None
    suggestions: tuple[str, ...] = ()
    parts: tuple[Part, ...] = ()
    words: tuple[str, ...] = ()

    def without(self, part: Part) -> str:
        """The query text with one part's words taken out: the link that removes it."""
        return " ".join(word for i, word in enumerate(self.words) if i not in part.words)

    def as_dict(self) -> dict:
        """The public contract of GET /api/v1/centers (issue 14)."""
        place = None if self.place is None else {"name": self.place.name, "lat": self.place.lat, "lng": self.place.lng}
        return {"condition": self.condition, "services": list(self.services), "place": place,
                "near_me": self.near_me, "filters": dict(self.filters), "text": self.text,
                "unknown_place": self.unknown_place, "suggestions": list(self.suggestions)}


def interpret(text: str, vocabulary: Vocabulary, geocode: Callable[[str], object | None]) -> Interpretation:
    """Read free text; geocode(text) returns a gazetteer Place (latitude, longitude, label, kind) or None."""
    words = normalize_words(text)[:MAX_WORDS]
    keys = [phrase_key(word) for word in words]  # matched against the vocabulary; `words` are shown back
    tags: list[tuple[str, object] | None] = [None] * len(words)
    parts: list[Part] = []
    _prices(keys, tags, parts)
    _phrases(keys, tags, vocabulary, exact=True)
    _phrases(keys, tags, vocabulary, exact=False)
    place, unknown, suggestions = _place(words, tags, vocabulary, geocode, parts)
    condition, services, filters, near_me = None, [], {}, False
    for start, end, (kind, value) in _spans(tags):
        span = tuple(range(start, end))
        if kind == "condition" and condition is None:
            condition = value
            parts.append(Part("condition", value, vocabulary.conditions[value].name, span))
        elif kind == "service" and value not in services:
            services.append(value)
            parts.append(Part("service", value, vocabulary.service_names.get(value, value), span))
        elif kind == "filter":
            name, chosen = value
            if name in ("gender", "amenity"):
                values = list(chosen) if isinstance(chosen, tuple) else [chosen]
                if set(values) <= set(filters.setdefault(name, [])):
                    continue
                filters[name] += [value for value in values if value not in filters[name]]
            elif name in filters:
                continue
            else:
                filters[name] = chosen
            parts.append(Part("filter", value, FILTER_LABELS[value], span))
        elif kind == "near_me" and place is None and not near_me:
            near_me = True
            parts.append(Part("near_me", True, "near you", span))
    for part in parts:
        if part.kind == "filter" and part.value[0] == "max_price":
            filters["max_price"] = part.value[1]
    leftover = [word for word, tag in zip(words, tags, strict=True) if tag is None]
    if not leftover and not parts:  # "spa" alone: the kind of place is all there is to search ("massage": every one)
        weak = (tag[1] for tag in tags if tag and tag[0] == "weak" and tag[1])
        leftover = list(dict.fromkeys(weak))  # in English, each once ("spa سپا")
    if not services and condition is not None:
        services = list(vocabulary.conditions[condition].services)
    order = {"condition": 0, "service": 1, "place": 2, "near_me": 2, "unknown_place": 2, "filter": 3}
    return Interpretation(condition, tuple(services), place, near_me, filters, " ".join(leftover), unknown,
                          tuple(suggestions), tuple(sorted(parts, key=lambda p: (order[p.kind], p.words))),
                          tuple(words))


def _spans(tags: list) -> list[tuple[int, int, tuple]]:
    """Consecutive words with the same tag object (one matched phrase) as (start, end, tag)."""
    spans, i = [], 0
    while i < len(tags):
        j = i + 1
        while j < len(tags) and tags[j] is tags[i]:
            j += 1
        if tags[i] is not None:
            spans.append((i, j, tags[i]))
        i = j
    return spans


def _prices(words: list[str], tags: list, parts: list[Part]) -> None:
    """"under 5000", "below 5k", "5000 se kam": a price cap per 60 minutes."""
    for i, word in enumerate(words):
        amount = _AMOUNT.match(word)
        if not amount or tags[i] is not None:
            continue
        taken = None
        for size in (2, 1):
            if i - size >= 0 and tuple(words[i - size:i]) in PRICE_BEFORE:
                taken = range(i - size, i + 1)
                break
            if tuple(words[i + 1:i + 1 + size]) in PRICE_AFTER:
                taken = range(i, i + 1 + size)
                break
        if taken is None:
            continue
        value = min(int(amount.group(1)) * (1000 if amount.group(2) else 1), 1_000_000)
        tag = ("price", value)
        for j in taken:
            tags[j] = tag
        parts.append(Part("filter", ("max_price", value), f"under PKR {value:,}", tuple(taken)))


def _phrases(words: list[str], tags: list, vocabulary: Vocabulary, exact: bool) -> None:
    """Tag the longest known phrases; the second pass forgives spelling mistakes ("siatica", "deep tisue")."""
    i = 0
    while i < len(words):
        for size in range(min(vocabulary.longest, len(words) - i), 0, -1):
            if any(tag is not None for tag in tags[i:i + size]):
                continue
            key = " ".join(words[i:i + size])
            found = vocabulary.phrases.get(key) if exact else _near(key, words[i:i + size], vocabulary)
            if found is not None:
                tag = (found[0], found[1]) if found[0] != "place" else ("place_alias", found[1])
                for j in range(i, i + size):
                    tags[j] = tag
                i += size - 1
                break
        i += 1


def _near(key: str, span: list[str], vocabulary: Vocabulary) -> tuple[str, object] | None:
    if len(key) < 5 or not key.isascii() or any(word in vocabulary.place_words or word.isdigit() for word in span):
        return None
    pool = [candidate for candidate in vocabulary.fuzzy_pool.get(len(span), ()) if candidate[0] == key[0]]
    matches = difflib.get_close_matches(key, pool, n=1, cutoff=0.84 if len(span) == 1 else 0.8)
    return vocabulary.phrases[matches[0]] if matches else None


def _place(words: list[str], tags: list, vocabulary: Vocabulary, geocode: Callable, parts: list[Part]):
    """Find the one place: an Urdu alias, a run of unknown words next to "in"/"mein", or a known name anywhere."""
    aliases = [(start, end, value) for start, end, (kind, value) in _spans(tags) if kind == "place_alias"]
    for i, (start, end, value) in enumerate(aliases):
        # Named places side by side ("گلبرگ لاہور": Gulberg, then Lahore) are one place, read together first
        last = i
        while last + 1 < len(aliases) and aliases[last + 1][0] == aliases[last][1]:
            last += 1
        if last > i:
            found = geocode(" ".join(words[start:aliases[last][1]]))
            if found is not None:
                return _take(found, range(start, aliases[last][1]), tags, parts), None, []
        found = geocode(value)
        if found is not None:
            return _take(found, range(start, end), tags, parts), None, []
    runs = _runs(words, tags)
    for marked in (True, False):
        for start, end, is_marked in runs:
            if is_marked != marked:
                continue
            for lo, hi in _subspans(start, end):
                found = geocode(" ".join(words[lo:hi]))
                if found is not None and (marked or _plausible(found, words[lo:hi], vocabulary)):
                    return _take(found, range(lo, hi), tags, parts), None, []
    for start, end, is_marked in runs:
        typed = " ".join(words[start:end])
        suggestions = suggest_places(typed, vocabulary, 0.6 if is_marked else 0.75)
        if is_marked or suggestions:
            tag = ("unknown_place", typed)
            for j in range(start, end):
                tags[j] = tag
            parts.append(Part("unknown_place", typed, f"“{typed}”: no place we know", tuple(range(start, end))))
            return None, typed, suggestions
    return None, None, []


def _runs(words: list[str], tags: list) -> list[tuple[int, int, bool]]:
    """Runs of untagged words, each marked when a place word ("in", "ke paas") stands right before or after it."""
    runs, i = [], 0
    while i < len(words):
        if tags[i] is not None:
            i += 1
            continue
        j = i
        while j < len(words) and tags[j] is None:
            j += 1
        marked = (i > 0 and tags[i - 1] is not None and tags[i - 1][0] == "before") or \
                 (j < len(words) and tags[j][0] == "after")
        runs.append((i, j, marked))
        i = j
    return runs


def _subspans(start: int, end: int) -> list[tuple[int, int]]:
    """The whole run, then shorter spans touching either end: places lead or trail the other words."""
    spans = []
    for size in range(end - start, 0, -1):
        for lo in dict.fromkeys((start, end - size)):
            spans.append((lo, lo + size))
    return spans[:12]


def _plausible(found, span: list[str], vocabulary: Vocabulary) -> bool:
    """Unmarked words become a place only if they name a known area or a Pakistani city, not any town abroad."""
    return " ".join(span) in vocabulary.place_names or found.kind != "city" or found.label.endswith(", Pakistan")


def _take(found, span: range, tags: list, parts: list[Part]) -> PlaceMatch:
    place = PlaceMatch(found.label, round(found.latitude, 6), round(found.longitude, 6))
    tag = ("place", place)
    for j in span:
        tags[j] = tag
    parts.append(Part("place", place, f"near {found.label}", _with_markers(span, tags)))
    return place


def _with_markers(span: range, tags: list) -> tuple[int, ...]:
    """The place's words and the "near"/"mein" beside them: removing the place removes those too."""
    words = list(span)
    if span.start > 0 and tags[span.start - 1] is not None and tags[span.start - 1][0] == "before":
        words.insert(0, span.start - 1)
    if span.stop < len(tags) and tags[span.stop] is not None and tags[span.stop][0] == "after":
        words.append(span.stop)
    return tuple(words)


def suggest_places(typed: str, vocabulary: Vocabulary, cutoff: float = 0.6) -> list[str]:
    """Up to three gazetteer names spelled like what was typed ("Did you mean Clifton?")."""
    typed = " ".join(normalize_words(typed))
    if len(typed) < 3 or len(typed) > 60:
        return []
    matches = difflib.get_close_matches(typed, list(vocabulary.place_names), n=6, cutoff=cutoff)
    return list(dict.fromkeys(vocabulary.place_names[match] for match in matches))[:3]
