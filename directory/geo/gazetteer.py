"""The offline gazetteer: hand-compiled Pakistani areas plus GeoNames world cities (CC BY 4.0), from seeds/gazetteer."""
import csv
import difflib
import functools
import gc
import heapq
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from ..text import fold_urdu

BIG_CITY = 1_000_000  # Pakistani cities this big lead the suggestions, like the cities the directory covers
COUNTRY_ALIASES = {"uk": "united kingdom", "uae": "united arab emirates", "usa": "united states",
                   "us": "united states", "pk": "pakistan", "ksa": "saudi arabia", "پاکستان": "pakistan"}
# Arabic-script letters (Urdu names) are kept; other non-ASCII letters lose their accents ("Zürich" is "zurich")
_ARABIC_LETTERS = "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
_NON_WORD = re.compile(f"[^a-z0-9{_ARABIC_LETTERS}|\n]+")
_FOREIGN = re.compile(f"[^\x00-\x7f{_ARABIC_LETTERS}]+")
# "Gulshan-e-Iqbal", "Gulshan i Iqbal" and "Gulshan Iqbal" are one name; a lone letter next to a digit or another
# lone letter ("E-11", "I 8", "P.E.C.H.S") is not a connector, hence two letters on each side.
_CONNECTOR = re.compile(r"(?<=[a-z]{2}) [ei] (?=[a-z]{2})")
_AIRPORT_CODE = re.compile(r"(?<![^|\n])[A-Z]{3}(?![^|\n])")
_DIRECTIONS = {"New", "Old", "North", "South", "East", "West", "Greater"}
_END = "\uffff"  # sorts after every normalised character: [prefix, prefix + _END) holds the keys starting with it


@dataclass(frozen=True)
class Place:
    """A point with a human label."""

    latitude: float
    longitude: float
    label: str
    kind: str  # neighbourhood|landmark|road|city ("place" for an online geocoder's answer)


def normalize(text: str, connectors: bool = False) -> str:
    """Lowercase ASCII (or Urdu) words joined by single spaces; drops "e"/"i" connectors unless asked to keep them."""
    return normalize_many([text.replace("|", " ").replace("\n", " ")], connectors)[0]


def normalize_many(texts: list[str], connectors: bool = False) -> list[str]:
    """normalize() for many texts ("|" separates alternates within one) in a few C-level passes, not 100k calls."""
    text = "\n".join(texts)
    if not text.isascii():
        text = _FOREIGN.sub("", unicodedata.normalize("NFKD", fold_urdu(text, loose=True)))
    text = _NON_WORD.sub(" ", text.lower().replace("'", "")).strip(" ")
    for separator in "|\n":  # str.replace: a substitution template would cost a Python call per match
        text = text.replace(f" {separator}", separator).replace(f"{separator} ", separator)
    return (text if connectors else _CONNECTOR.sub(" ", text)).split("\n")


def _word_starts(key: str) -> list[str]:
    """The key and each tail of it that starts at a word, so "iqb" finds "gulshan iqbal"."""
    return [key] + [key[i + 1:] for i, char in enumerate(key) if char == " "] if " " in key else [key]


class Gazetteer:
    """Exact, qualified ("Clifton, Karachi") and slightly misspelled place lookups, and prefix suggestions."""

    def __init__(self, folder: Path):
        self.places: list[Place] = []
        self._local: dict[str, list[tuple[str, int]]] = {}  # key -> [(city, place id)], Karachi rows first
        self._compact: dict[str, list[tuple[str, int]]] = {}  # the same keys without spaces ("F.B.Area" = "FB Area")
        self._cities: dict[str, list[tuple[int, int, str, int]]] = {}  # key -> [(scope, -population, country, pid)]
        self._qualifiers: dict[str, str] = {}  # "khi" -> "Karachi": the cities that have local rows
        self._countries: dict[str, str] = dict(COUNTRY_ALIASES)
        self._fuzzy: dict[str | None, list[str]] = {None: []}  # city (None: all of Pakistan) -> keys to compare
        self._pk_suggest: list[tuple[str, tuple, int]] = []  # sorted (key, (tier, quality, order), place id)
        self._world_suggest: list[tuple[str, int, int]] = []  # sorted (key, -population, place id)
        # ~250k small tuples, none of them garbage: collecting while building them would double the load time
        collecting = gc.isenabled()
        gc.disable()
        try:
            local_cities = self._load_local([folder / "karachi.csv", folder / "pakistan.csv"])
            pakistani = self._load_cities(folder / "cities.csv", local_cities)
            if (folder / "urdu_aliases.csv").exists():
                self._load_city_aliases(folder / "urdu_aliases.csv", pakistani, local_cities)
            self._pk_suggest.sort()
            self._world_suggest.sort()
        finally:
            if collecting:
                gc.enable()

    def _add_place(self, place: Place) -> int:
        self.places.append(place)
        return len(self.places) - 1

    def _load_local(self, paths: list[Path]) -> set[str]:
        cities: set[str] = set()
        for path in paths:
            with path.open(encoding="utf-8", newline="") as file:
                for row in csv.DictReader(file):
                    city, name = row["city"], row["name"]
                    cities.add(city)
                    # "DHA Lahore" reads as "DHA, Lahore": every label names its city once, at the end ("New Karachi"
                    # and "North Karachi" are areas whose name holds the city)
                    short = name[: -len(city) - 1] if name.endswith(f" {city}") else name
                    short = name if short in _DIRECTIONS else short
                    pid = self._add_place(Place(float(row["lat"]), float(row["lng"]), f"{short}, {city}", row["kind"]))
                    tier = 1 if city == "Karachi" else 2
                    # Urdu-script names ("کلفٹن") are spellings like the aliases: normalize() keeps Arabic letters
                    urdu = (row.get("urdu") or "").split("|")
                    for quality, spelling in enumerate([name, *filter(None, [*row["aliases"].split("|"), *urdu])]):
                        key = normalize(spelling)
                        self._local.setdefault(key, []).append((city, pid))
                        self._compact.setdefault(key.replace(" ", ""), []).append((city, pid))
                        self._fuzzy.setdefault(city, []).append(key)
                        self._fuzzy[None].append(key)
                        for form in {key, normalize(spelling, connectors=True)}:  # "gulshan e i" while typing
                            for i, tail in enumerate(_word_starts(form)):
                                self._pk_suggest.append((tail, (tier, 3 if i else min(quality, 1) + 1, pid), pid))
        return cities

    def _load_cities(self, path: Path, local_cities: set[str]) -> dict[str, tuple[int, int]]:
        """Load the world's cities; returns each Pakistani city name's (place id, population), the biggest twin's."""
        with path.open(encoding="utf-8", newline="") as file:
            rows = list(csv.reader(file))[1:]  # name,country_code,country,admin1,lat,lng,population,alternates
        keys = normalize_many([row[0] for row in rows])
        # Alternates in capitals are airport codes ("SPA" is Spartanburg): not what a visitor means
        alternates = normalize_many(_AIRPORT_CODE.sub("", "\n".join(row[7] for row in rows)).split("\n"))
        countries = {country: normalize(country) for country in {row[2] for row in rows}}
        pakistani_cities: dict[str, tuple[int, int]] = {}
        self._countries.update({key: key for key in countries.values()})
        for row, key, alts in zip(rows, keys, alternates, strict=True):
            name, code, country, _admin1, lat, lng, population, _ = row
            pakistani, people = code == "PK", int(population or 0)
            pid = self._add_place(Place(float(lat), float(lng), f"{name}, {country}", "city"))
            # Small foreign towns' alternates are common words ("Area" is Mundelein); big cities' are old names (Bombay)
            spellings = [alt for alt in alts.split("|") if alt] if pakistani or people >= BIG_CITY else []
            if key.endswith(" city") and (people >= BIG_CITY or key[:-5] == countries[country]):
                spellings.append(key[:-5])  # "New York City", "Kuwait City" are asked for without "City"
            # Pakistani names, then world cities by population ("Calcutta" is Kolkata, not a South African hamlet),
            # then Pakistani alternates: "Samara" is an alternate of a Sindh village and the name of a Russian city
            self._cities.setdefault(key, []).append((0 if pakistani else 1, -people, countries[country], pid))
            for alt in spellings:
                self._cities.setdefault(alt, []).append((2 if pakistani else 1, -people, countries[country], pid))
            if not pakistani:
                self._world_suggest.extend((tail, -people, pid) for tail in _word_starts(key))
                continue
            pakistani_cities.setdefault(name, (pid, people))  # Pakistani rows come by population, biggest first
            if name in local_cities:
                for qualifier in (key, *spellings):
                    self._qualifiers.setdefault(qualifier, name)
            self._fuzzy[None].append(key)
            tier = 0 if people >= BIG_CITY or name in local_cities else 3
            # GeoNames alternates of small places are noisy (an "Isl..." for a village); big cities keep theirs (Pindi)
            for quality, spelling in enumerate([key, *spellings] if tier == 0 else [key]):
                for i, tail in enumerate(_word_starts(spelling)):
                    self._pk_suggest.append((tail, (tier, 3 if i else min(quality, 1) + 1, -people), pid))
        return pakistani_cities

    def _load_city_aliases(self, path: Path, pakistani: dict[str, tuple[int, int]], local_cities: set[str]) -> None:
        """Urdu-script and Roman-Urdu names of Pakistani cities ("لاہور", "Pishawar"): as good as the city's name."""
        with path.open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):  # alias,name
                key, found = normalize(row["alias"]), pakistani.get(row["name"])
                if not key or found is None:
                    continue
                pid, people = found
                self._cities.setdefault(key, []).append((0, -people, "pakistan", pid))
                if row["name"] in local_cities:
                    self._qualifiers.setdefault(key, row["name"])
                self._fuzzy[None].append(key)
                tier = 0 if people >= BIG_CITY or row["name"] in local_cities else 3  # as the city's own name
                for i, tail in enumerate(_word_starts(key)):
                    self._pk_suggest.append((tail, (tier, 3 if i else 2, -people), pid))

    def lookup(self, text: str) -> Place | None:
        """The best place for free text, or None: local areas, then "area, city", then cities, then a near spelling."""
        key = normalize(text)
        if not key:
            return None
        found = self._find_local(key)
        if found is not None:
            return found
        qualified = False
        for rest, qualifier in self._splits(key):
            if qualifier in self._qualifiers:
                qualified, city = True, self._qualifiers[qualifier]
                found = self._find_local(rest, city) or self._near(rest, city)
            elif qualifier in self._countries:
                qualified = True
                found = self._find_city(rest, self._countries[qualifier])
            if found is not None:
                return found
        # An unknown area in a named city ("Xyzzy, Karachi") stays unknown rather than becoming the city
        return self._find_city(key) or (None if qualified else self._near(key))

    @staticmethod
    def _splits(key: str) -> list[tuple[str, str]]:
        """(rest, qualifier) pairs: the last or the first one to three words as a city or country."""
        words = key.split()
        pairs = []
        for n in range(1, min(3, len(words) - 1) + 1):
            pairs.append((" ".join(words[:-n]), " ".join(words[-n:])))
            pairs.append((" ".join(words[n:]), " ".join(words[:n])))
        return pairs

    def _find_local(self, key: str, city: str | None = None) -> Place | None:
        for index, spelling in ((self._local, key), (self._compact, key.replace(" ", ""))):
            for row_city, pid in index.get(spelling, ()):
                if city is None or row_city == city:
                    return self.places[pid]
        return None

    def _find_city(self, key: str, country: str | None = None) -> Place | None:
        """The best city for a key (see the ranking in _load_cities), optionally within one country."""
        for spelling in (key, key.replace(" ", "")):  # "Rawal Pindi"
            ranked = [entry for entry in self._cities.get(spelling, ()) if country in (None, entry[2])]
            if ranked:
                return self.places[min(ranked)[3]]
        return None

    def _near(self, key: str, city: str | None = None) -> Place | None:
        """A close misspelling ("Cliftn") of a Pakistani name; short or far-off text never matches."""
        # Urdu writes few vowels: "مریض" (a patient) is one letter from "مری" (Murree), so Urdu needs a longer key
        if len(key) < (4 if key.isascii() else 6):
            return None
        # Typos rarely hit the first letter; insisting on it keeps unrelated words from matching anything
        pool = [candidate for candidate in self._fuzzy.get(city, ()) if candidate[0] == key[0]]
        for match in difflib.get_close_matches(key, pool, n=1, cutoff=0.85):
            return self._find_local(match, city) or self._find_city(match, "pakistan")
        return None

    def suggest(self, prefix: str, limit: int = 8) -> list[Place]:
        """Places whose name, alias or one of their words starts with the prefix: Pakistan first, then the world."""
        forms = {form for form in (normalize(prefix), normalize(prefix, connectors=True)) if len(form) >= 2}
        if not forms or limit <= 0:
            return []
        best: dict[int, tuple] = {}
        for form in forms:
            for key, (tier, quality, order), pid in self._range(self._pk_suggest, form):
                # Starting with the prefix beats having it at a later word; then tier (big city, Karachi, ...)
                rank = (quality == 3, tier, 0 if key == form else quality, order)
                if rank < best.get(pid, (True, 9)):
                    best[pid] = rank
        chosen: dict[str, int] = {}  # label -> place id in rank order; GeoNames has a few twins ("Sahiwal")
        for pid in sorted(best, key=best.__getitem__):
            chosen.setdefault(self.places[pid].label, pid)
        if len(chosen) < limit:
            world = {pid: rank for form in forms for _key, rank, pid in self._range(self._world_suggest, form)}
            for pid in heapq.nsmallest(limit, world, key=world.__getitem__):
                chosen.setdefault(self.places[pid].label, pid)
        return [self.places[pid] for pid in chosen.values()][:limit]

    @staticmethod
    def _range(entries: list[tuple], prefix: str) -> list[tuple]:
        return entries[bisect_left(entries, (prefix,)):bisect_left(entries, (prefix + _END,))]


@functools.lru_cache(maxsize=16)
def get_gazetteer(folder: str | Path) -> Gazetteer:
    """The process-wide gazetteer of this folder (the app's GAZETTEER_FOLDER), loaded on first use. Remembered by
    the name as given too: resolving the path reads the file system, twice a search (0.1 ms)."""
    return _loaded(Path(folder).resolve())


@functools.cache
def _loaded(folder: Path) -> Gazetteer:
    return Gazetteer(folder)
