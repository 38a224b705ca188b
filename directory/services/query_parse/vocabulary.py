"""The words the one-box interpreter knows, as plain data: conditions, massage types, comfort words, places."""
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ...text import N_, fold_urdu

_WORD = re.compile(r"[^\W_]+")

# Comfort words: (filter, value, spellings); filters map onto SearchQuery fields (see services/one_box.py)
WOMEN, MEN = ("women_only", "separate_sections"), ("men_only", "separate_sections")
_COMFORT_GROUPS: list[tuple[str, object, str]] = [
    ("gender", WOMEN, "women only|ladies|ladies only|female only|for women|for ladies|women|womens|woman|lady"
                      "|khawateen|khawateen ke liye|auraton ke liye|zanana|خواتین|لیڈیز|زنانہ|عورتوں|عورتوں کے لیے"
                      "|صرف خواتین|لیڈیز اونلی"),
    ("gender", MEN, "men only|gents|gents only|male only|for men|for gents|mardana|mardon ke liye|مردانہ|مردوں کے لیے"
                    "|صرف مرد|جینٹس"),
    ("amenity", "female_therapists", "female therapist|female therapists|lady therapist|lady therapists|female"
                                     "|female staff|female masseuse|lady masseuse|lady staff|khatoon therapist"
                                     "|خاتون معالج|خاتون تھراپسٹ|لیڈی تھراپسٹ|خاتون عملہ"),
    ("amenity", "male_therapists", "male therapist|male therapists|male staff|male masseur|male|مرد معالج|مرد تھراپسٹ"),
    ("amenity", "couples_room", "couples|couple|couples room|couple room|for couples|couples massage|کپل|کپلز"
                                "|میاں بیوی"),
    ("amenity", "wheelchair_access", "wheelchair|wheelchair access|wheelchair accessible|accessible|disabled access"
                                     "|وہیل چیئر|معذوروں کے لیے"),
    ("amenity", "prayer_area", "prayer|prayer area|prayer room|namaz|namaz ki jagah|نماز|نماز کی جگہ"),
    ("amenity", "private_rooms", "private room|private rooms|privacy|alag kamra|پرائیویٹ کمرہ|علیحدہ کمرہ|الگ کمرہ"),
    ("amenity", "parking", "parking|car parking|parking available|پارکنگ|گاڑی کی پارکنگ"),
    ("open_now", True, "open now|open|opened now|abhi khula|khula|abhi khula hai|کھلا|ابھی کھلا"),
    ("sort", "price", "cheap|cheapest|budget|sasta|sasti|saste|affordable|low price|low cost|inexpensive|سستا"
                      "|سستی|سستے|کم قیمت"),
    ("sort", "rating", "top rated|best rated|highest rated|highly rated|best|top|behtareen|sab se acha"
                       "|بہترین|سب سے اچھا|سب سے اچھی"),
    ("sort", "reviews", "most reviewed|popular|most popular|مشہور|سب سے مشہور"),
    ("verified", True, "verified|certified|licensed|verified therapist|certified therapist|تصدیق شدہ"
                       "|سند یافتہ"),
]
# A women's (men's) section of a center with separate sections serves those asking for "women only" ("ladies")
FILTER_LABELS = {("gender", WOMEN): N_("women only or women's section"),
                 ("gender", MEN): N_("men only or men's section"),
                 ("amenity", "female_therapists"): N_("female therapists"),
                 ("amenity", "male_therapists"): N_("male therapists"),
                 ("amenity", "couples_room"): N_("couples room"),
                 ("amenity", "wheelchair_access"): N_("wheelchair access"),
                 ("amenity", "prayer_area"): N_("prayer area"), ("amenity", "private_rooms"): N_("private rooms"),
                 ("amenity", "parking"): N_("parking"), ("open_now", True): N_("open now"),
                 ("sort", "price"): N_("cheapest first"), ("sort", "rating"): N_("top rated first"),
                 ("sort", "reviews"): N_("most reviewed first"), ("verified", True): N_("verified therapists")}

# Other ways people name the massage types (the catalog's own names and slugs are added from the data): English,
# Roman Urdu, then Urdu script. "Massage" alone ("مساج", "مالش", "malish") is a weak filler, not a type.
SERVICE_ALIASES = {
    "deep-tissue": "deep tissue massage|deep pressure|deep massage|deep tishu|dip tissue|deep tissue malish"
                   "|gehri malish|ڈیپ ٹشو|ڈیپ ٹشو مساج|ڈیپ ٹشو مالش|گہری مالش|گہرا مساج",
    "swedish": "relaxing massage|relaxation massage|swedish massage|sweedish|swidish|swedish malish|aram wala massage"
               "|سویڈش|سویڈش مساج|سویڈش مالش|آرام دہ مساج|آرام دہ مالش|ریلیکسنگ مساج",
    "thai": "thai massage|tai|tahi|thae|thaai|thai malish|thai maalish|تھائی|تھائی مساج|تھائی مالش",
    "sports": "sports massage|sport massage|sports therapy|sports malish|sport malish|khiladiyon ki malish"
              "|اسپورٹس مساج|سپورٹس مساج|اسپورٹس مالش|سپورٹس مالش|کھلاڑیوں کی مالش",
    "hot-stone": "hot stone|hot stones|stone massage|hot stone massage|hot stone malish|garam pathar|garam patthar"
                 "|garam pathar ki malish|ہاٹ اسٹون|ہاٹ سٹون|ہاٹ اسٹون مساج|ہاٹ سٹون مساج|گرم پتھر|گرم پتھروں کی مالش",
    "prenatal": "prenatal massage|pregnancy massage|maternity massage|pre natal|antenatal massage|pregnancy malish"
                "|hamal ki malish|hamal mein malish|حمل کی مالش|حمل میں مالش|دوران حمل مالش|حاملہ خواتین کا مساج"
                "|پری نیٹل|پری نیٹل مساج",
    "head-neck-shoulder": "head massage|head neck shoulder|neck and shoulder|neck shoulder|champi|chumpi|sar ki malish"
                          "|sir ki malish|sar ki maalish|sir ki maalish|sar ka massage|sir ka massage|sar ki champi"
                          "|head malish|head and neck|چمپی|چمپی مالش|سر کی مالش|سر کا مساج|سر کی چمپی|ہیڈ مساج"
                          "|گردن اور کندھوں کی مالش|سر گردن کندھے",
    "reflexology": "foot massage|foot reflexology|feet massage|pair ki malish|paon ki malish|pairon ki malish"
                   "|paon ka massage|pair ka massage|foot malish|reflexalogy|پاؤں کی مالش|پیروں کی مالش"
                   "|پاؤں کا مساج|فٹ مساج|ریفلیکسولوجی|ریفلکسولوجی",
    "aromatherapy": "aroma|aroma therapy|aromatherapy massage|essential oil massage|aroma therepy|khushbu wala tail"
                    "|khushboo dar tel ki malish|اروما تھراپی|ایروما تھراپی|ارومہ تھراپی|خوشبودار تیل کی مالش"
                    "|خوشبو دار تیل کی مالش",
    "myofascial-release": "myofascial|myofascial release|fascia release|mfr|myo fascial|مائیو فیشل"
                          "|مائیوفیشل ریلیز|مائیو فیشل ریلیز|مایوفیشل",
    "trigger-point": "trigger point|trigger points|trigger point massage|knots|triger point|trigar point"
                     "|ٹرگر پوائنٹ|ٹریگر پوائنٹ|ٹرگر پوائنٹ تھراپی|ٹریگر پوائنٹ تھراپی",
}
NEAR_ME = "near me|nearby|near by|close to me|around me|closest|nearest|mere qareeb|mere paas|mere pass|qareeb" \
          "|nazdeek|mere nazdeek|آس پاس|میرے قریب|قریب|میرے پاس|میرے نزدیک|نزدیک|قریبی"
# A place follows these ("in Clifton", "near DHA") or comes before these ("Clifton mein", "DHA ke paas")
PLACE_BEFORE = "in|near|around|at|close to|next to|nearby|side|area|inside|within"
PLACE_AFTER = "mein|me|main|ke paas|ke pass|kay paas|ke qareeb|ke nazdeek|ke nazdik|walay|wala|wali|side|area" \
              "|میں|کے پاس|کے قریب|کے نزدیک|کے آس پاس|والا|والی|والے|علاقہ|علاقے|ایریا"
FILLERS = "for|the|a|an|and|or|with|from|my|of|to|on|ke liye|kay liye|liye|ka|ki|ke|kay|ko|se|hai|chahiye|need" \
          "|want|looking|looking for|find|good|please|plz|pls|i|im|me|is|any|some|want a|get|book|session|treatment" \
          "|therapy|relief|ilaj|ka ilaj|کے لیے|کے لئے|لیے|کا|کی|کے|اور|علاج|مجھے|چاہیے|چاہئے|کوئی|ہے|سے|کو" \
          "|میرا|کروانا|کروانی|براہ کرم|پلیز|برائے مہربانی"
# Words that only say what kind of place: searched for when they are all there is. Those naming what every listing is
# ("massage", "center") then ask for every center; the others are looked up in the listings' text, which is English,
# by their English word whatever the spelling typed ("سپا" finds "spa").
WEAK_FILLERS = {
    None: "massage|massages|malish|maalish|masaj|massaj|center|centre|centers|centres|مالش|مساج|سینٹر|سنٹر",
    "spa": "spa|spas|سپا|اسپا",
    "parlour": "parlour|parlor|پارلر",
    "salon": "salon|saloon|سیلون",
    "clinic": "clinic|کلینک",
}


def normalize_words(text: str) -> list[str]:
    """Lowercase words (Latin or Urdu script), vowel marks and Arabic letter forms folded, punctuation dropped."""
    # Urdu typed on Arabic keyboards: the same letters under other code points, and marks nobody types twice alike
    text = fold_urdu(unicodedata.normalize("NFKC", text).casefold())
    return _WORD.findall(text.replace("'", "").replace("’", ""))


def phrase_key(text: str) -> str:
    """What phrases are matched by: the words, Urdu folded loosely ("تهائی" from an Arabic keyboard is "تھائی")."""
    return fold_urdu(" ".join(normalize_words(text)), loose=True)


@dataclass(frozen=True)
class ConditionInfo:
    """A condition as the interpreter and the results page need it."""

    slug: str
    name: str
    services: tuple[str, ...]  # suited massage types, best first
    why: tuple[str, ...]  # one line per service, same order
    red_flags: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """Everything interpret() matches against; build it with build_vocabulary()."""

    phrases: Mapping[str, tuple[str, object]]  # phrase key -> (kind, value)
    fuzzy_pool: Mapping[int, tuple[str, ...]]  # word count -> phrase keys worth a spelling-mistake match
    conditions: Mapping[str, ConditionInfo]
    service_names: Mapping[str, str]  # slug -> name
    place_words: frozenset[str]  # words of known place names: never "corrected" into massage words
    place_names: Mapping[str, str]  # normalized place spelling -> display name, for "did you mean"
    longest: int


def _split(spellings: str) -> list[str]:
    return [phrase_key(spelling) for spelling in spellings.split("|")]


def build_vocabulary(conditions: Iterable[Mapping], services: Iterable[tuple[str, str]],
                     places: Iterable[tuple[str, str]], place_aliases: Iterable[tuple[str, str]] = ()) -> Vocabulary:
    """From plain data: condition dicts (seeds/conditions.json), (slug, name) of massage types,
    (spelling, display name) of gazetteer places, and (alias, gazetteer name) pairs such as Urdu spellings."""
    phrases: dict[str, tuple[str, object]] = {}
    for kind, spellings in (("filler", FILLERS), ("before", PLACE_BEFORE), ("after", PLACE_AFTER),
                            ("near_me", NEAR_ME)):
        phrases.update((key, (kind, None)) for key in _split(spellings))
    for english, spellings in WEAK_FILLERS.items():
        phrases.update((key, ("weak", english)) for key in _split(spellings))
    infos = {}
    for condition in conditions:
        slug, synonyms = condition["slug"], condition.get("synonyms") or {}
        ranked = condition.get("services") or []
        infos[slug] = ConditionInfo(slug, condition["name"], tuple(s["slug"] for s in ranked),
                                    tuple(s.get("why", "") for s in ranked), tuple(condition.get("red_flags") or ()))
        for spelling in [condition["name"], condition.get("name_ur") or "", *(
                word for language in ("en", "roman_ur", "ur") for word in synonyms.get(language, ()))]:
            if phrase_key(spelling):
                phrases.setdefault(phrase_key(spelling), ("condition", slug))
    names = {}
    for slug, name in services:
        names[slug] = name
        bare = re.sub(r"\b(therapy|massage)$", "", phrase_key(name)).strip()
        for key in {phrase_key(name), phrase_key(slug.replace("-", " ")), bare, *_split(SERVICE_ALIASES.get(slug, ""))}:
            if key:
                phrases[key] = ("service", slug)  # a massage type's own name beats a condition synonym ("prenatal")
    for group_filter, value, spellings in _COMFORT_GROUPS:
        phrases.update((key, ("filter", (group_filter, value))) for key in _split(spellings))
    for alias, name in place_aliases:
        key = phrase_key(alias)
        if key and phrases.get(key, ("",))[0] != "place":  # the first place so named wins (Karachi's rows come first)
            phrases[key] = ("place", name)
    place_names = {phrase_key(spelling): display for spelling, display in places if phrase_key(spelling)}
    pool: dict[int, set[str]] = {}
    for key, (kind, _value) in phrases.items():
        if kind in ("condition", "service", "filter") and len(key) >= 5 and key.isascii():
            pool.setdefault(key.count(" ") + 1, set()).add(key)
    return Vocabulary(
        phrases=MappingProxyType(phrases), fuzzy_pool=MappingProxyType({n: tuple(sorted(k)) for n, k in pool.items()}),
        conditions=MappingProxyType(infos), service_names=MappingProxyType(names),
        place_words=frozenset(word for key in place_names for word in key.split()),
        place_names=MappingProxyType(place_names), longest=max(key.count(" ") + 1 for key in phrases))
