"""A center's listing, its menu and its opening hours."""
from datetime import datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Computed,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db
from .base import LabelledEnum, enum_check, utcnow
from .center_index import (
    BAYES_SCORE_SQL,
    COORDINATE_DECIMALS,
    MIDNIGHT_SQL,
    NIGHT_SQL,
    NO_PRICE,
    RATING_RANK_SQL,
    REVIEW_RANK_SQL,
    latitude_band,
)

SPATIAL_COLUMNS = ("lat_band", "longitude", "latitude", "status", "rating_count", "rating_sum", "services_mask",
                   "amenities_mask", "timezone", "hours_mask_0", "hours_mask_1", "hours_mask_2", "hours_full_0",
                   "hours_full_1", "hours_full_2")


class CenterKind(LabelledEnum):
    HOTEL_SPA = "hotel_spa", _l("Hotel spa")
    DAY_SPA = "day_spa", _l("Day spa")
    MASSAGE_CENTER = "massage_center", _l("Massage center")
    PHYSIOTHERAPY = "physiotherapy", _l("Hospital / physiotherapy")


class GenderPolicy(LabelledEnum):
    WOMEN_ONLY = "women_only", _l("Women only")
    MEN_ONLY = "men_only", _l("Men only")
    MIXED = "mixed", _l("Everyone welcome")
    SEPARATE_SECTIONS = "separate_sections", _l("Separate sections for women and men")


class CenterStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    PENDING = "pending", _l("Pending review")
    PUBLISHED = "published", _l("Published")
    SUSPENDED = "suspended", _l("Suspended")
    DELETED = "deleted", _l("Deleted (kept, restorable by an admin)")


AMENITIES = {
    "couples_room": _l("Couples room"), "parking": _l("Parking"), "shower": _l("Shower"), "sauna": _l("Sauna"),
    "steam_room": _l("Steam room"), "jacuzzi": _l("Jacuzzi"), "wheelchair_access": _l("Wheelchair access"),
    "female_therapists": _l("Female therapists"), "male_therapists": _l("Male therapists"),
    "home_visits": _l("Home visits"),
    "card_payment": _l("Card payment"), "prayer_area": _l("Prayer area"), "air_conditioned": _l("Air-conditioned"),
    "private_rooms": _l("Private rooms"),
}

# The comfort filters the search page offers, in the order it shows them (the API takes any key of AMENITY_BITS).
COMFORT_FILTERS = ("female_therapists", "couples_room", "wheelchair_access", "prayer_area", "private_rooms",
                   "parking", "male_therapists")


class CardFacts:
    """What a card says that is worked out from a center's columns (rating_count, rating_sum, kind, gender_policy):
    shared by the Center entity and the search's plain CenterCard (services/search_cards.py)."""

    __slots__ = ()

    @property
    def rating(self) -> float | None:
        """Average stars to one decimal, rounded half up (as services.search.shown_rating sorts), None unreviewed."""
        if not self.rating_count:
            return None
        return (self.rating_sum * 20 + self.rating_count) // (self.rating_count * 2) / 10

    @property
    def kind_label(self) -> str:
        return CenterKind(self.kind).label

    @property
    def gender_label(self) -> str:
        return GenderPolicy(self.gender_policy).label
NIGHT_SORT_KEYS = {"rating": "rating_rank", "reviews": "review_rank", "price": "lowest_price_key"}
NIGHT_RANK_COLUMNS = ("rating_count", "rating_sum", "gender_policy", "kind", "services_mask", "amenities_mask", "id",
                      "latitude", "longitude", "timezone", "hours_mask_0", "hours_mask_1", "hours_mask_2",
                      "hours_full_0", "hours_full_1", "hours_full_2", "confirmed_at", "name")


class Center(CardFacts, db.Model):
    """A spa or massage center as the public sees it."""

    __tablename__ = "centers"
    __table_args__ = (
        CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude_range"),
        CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude_range"),
        CheckConstraint("rating_count >= 0 AND rating_sum >= 0", name="rating_totals"),
        enum_check("kind", CenterKind),
        enum_check("gender_policy", GenderPolicy),
        enum_check("status", CenterStatus),
        # Nearest-first search reads only this index: band equality, longitude range, then the filter columns
        # (gender policy and kind since 0029: "women only" near a place tests entries, not rows).
        Index("ix_centers_spatial", *SPATIAL_COLUMNS, "gender_policy", "kind",
              postgresql_include=["id"]),  # PostgreSQL: index-only scans (SQLite's index entries hold the rowid)
        # The same for the few centers open at some night hour (center_index.NIGHT_HOURS): "open now" at night
        # reads these (services/search_filters.night_scope), and sorts them whole by rating or reviews from the
        # index alone (the ranks computed from the counts; freshness and name break ties).
        Index("ix_centers_spatial_night", *SPATIAL_COLUMNS, "confirmed_at", "name", sqlite_where=text(NIGHT_SQL),
              postgresql_where=text(NIGHT_SQL), postgresql_include=["id"]),
        # Likewise for the centers open at some minute of the midnight hour (center_index.MIDNIGHT_HOURS, 0032)
        Index("ix_centers_spatial_midnight", *SPATIAL_COLUMNS, "confirmed_at", "name",
              sqlite_where=text(MIDNIGHT_SQL), postgresql_where=text(MIDNIGHT_SQL), postgresql_include=["id"]),
        # The rating, review and price sorts' orders of those few (0031): "open now" at night reads a page in the
        # sort's order (services/search_rare.night_walk), each entry tested on the index: filters, place, hours.
        *(Index(f"ix_centers_night_{key}", "status", key, *NIGHT_RANK_COLUMNS, sqlite_where=text(NIGHT_SQL),
                postgresql_where=text(NIGHT_SQL)) for key in NIGHT_SORT_KEYS.values()),
        Index("ix_centers_city_status", "city", "status"),
        # The rating sort's order, with the columns of the filters tested on the index alone (0022: a minimum
        # rating few reach reads its ranges and only the matches' rows, services/search_rare.py) and the place
        # (0028: in a circle the entries outside it are passed over without reading their rows). The id before the
        # place: where every column before it holds few values (a young database), SQLite skip-scanned this index
        # for a latitude range instead of seeking the spatial index (tests/geo/test_nearby.py); a unique column
        # cannot be skipped. Not in the review index either way.
        Index("ix_centers_status_rating_rank", "status", "rating_rank", "rating_count", "rating_sum", "gender_policy",
              "kind", "services_mask", "amenities_mask", "id", "latitude", "longitude"),
        Index("ix_centers_status_bayes_score", "status", "bayes_score"),
        Index("ix_centers_status_review_rank", "status", "review_rank"),
        Index("ix_centers_city_status_bayes_score", "city", "status", "bayes_score"),
        # The deleted listings page, most recently deleted first: read in index order, never sorted whole.
        Index("ix_centers_status_deleted_at", "status", "deleted_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), default=CenterKind.MASSAGE_CENTER)
    description: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(300))
    area: Mapped[str] = mapped_column(String(80), default="")
    city: Mapped[str] = mapped_column(String(80), active_history=True)  # old value known: CityCount's listener
    country: Mapped[str] = mapped_column(String(80), default="Pakistan")
    latitude: Mapped[float]
    longitude: Mapped[float]
    lat_band: Mapped[int] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(50), default="Asia/Karachi")
    phone: Mapped[str | None] = mapped_column(String(40))
    whatsapp: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(300))
    gender_policy: Mapped[str] = mapped_column(String(20), default=GenderPolicy.MIXED)
    amenities: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default=CenterStatus.DRAFT, active_history=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    confirmed_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]  # soft delete: the row, its menu and its reviews stay
    status_before_delete: Mapped[str | None] = mapped_column(String(20))
    # Why an admin suspended the listing or returned it to its submitter; shown to its managers.
    status_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1, server_default="1")  # bumped on every save; a stale form is refused
    rating_count: Mapped[int] = mapped_column(default=0)
    rating_sum: Mapped[int] = mapped_column(default=0)
    rating_1: Mapped[int] = mapped_column(default=0)
    rating_2: Mapped[int] = mapped_column(default=0)
    rating_3: Mapped[int] = mapped_column(default=0)
    rating_4: Mapped[int] = mapped_column(default=0)
    rating_5: Mapped[int] = mapped_column(default=0)
    # One bit per massage type on the menu (service_bit), kept by directory/services/services_mask.py after every
    # flush that touches the menu: the search's service filter is then answered from the spatial index.
    services_mask: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # The lowest price per 60 minutes on the menu (NO_PRICE without one), kept by the same listener: the price sort
    # of "open now" at night reads it in order from ix_centers_night_lowest_price_key (0031). A server default only,
    # as the hours' masks below (older schemas' Core inserts in tests name no such column).
    lowest_price_key: Mapped[int] = mapped_column(Integer, server_default=str(NO_PRICE))
    # One bit per amenity (amenity_mask), set from amenities before every flush by
    # directory/services/amenities_mask.py: the comfort filters are answered from the spatial index too.
    amenities_mask: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The hours of the week it is open at some minute of, and all of (hours_masks), kept by
    # directory/services/hours_mask.py after every flush that touches opening hours or special closures: "open now"
    # is answered from the spatial index except in the hours it opens or closes (or for a center with closures).
    # Server defaults only, so inserts that name no mask (and older schemas' Core inserts in tests) leave them 0.
    hours_mask_0: Mapped[int] = mapped_column(BigInteger, server_default="0")
    hours_mask_1: Mapped[int] = mapped_column(BigInteger, server_default="0")
    hours_mask_2: Mapped[int] = mapped_column(BigInteger, server_default="0")
    hours_full_0: Mapped[int] = mapped_column(BigInteger, server_default="0")
    hours_full_1: Mapped[int] = mapped_column(BigInteger, server_default="0")
    hours_full_2: Mapped[int] = mapped_column(BigInteger, server_default="0")
    # Generated by the database (see RATING_RANK_SQL): STORED where a table is created, VIRTUAL where SQLite had to
    # add it to an existing table (migration 0016_rank_columns); the indexes hold the values either way.
    rating_rank: Mapped[int | None] = mapped_column(BigInteger, Computed(RATING_RANK_SQL, persisted=True))
    bayes_score: Mapped[float | None] = mapped_column(Double, Computed(BAYES_SCORE_SQL, persisted=True))
    review_rank: Mapped[int | None] = mapped_column(BigInteger, Computed(REVIEW_RANK_SQL, persisted=True))

    menu: Mapped[list["CenterService"]] = relationship(
        back_populates="center", cascade="all, delete-orphan", order_by="CenterService.position")
    hours: Mapped[list["OpeningHours"]] = relationship(
        back_populates="center", cascade="all, delete-orphan",
        order_by="(OpeningHours.weekday, OpeningHours.opens_at)")
    therapists: Mapped[list["Therapist"]] = relationship(  # noqa: F821
        back_populates="center", cascade="all, delete-orphan", order_by="Therapist.name")
    photos: Mapped[list["CenterPhoto"]] = relationship(  # noqa: F821
        cascade="all, delete-orphan", order_by="(CenterPhoto.position, CenterPhoto.id)")
    closures: Mapped[list["SpecialClosure"]] = relationship(  # noqa: F821
        cascade="all, delete-orphan", order_by="SpecialClosure.starts_on")

    __mapper_args__ = {"version_id_col": version}

    @validates("latitude")
    def _set_band(self, _key: str, value: float) -> float:
        value = round(float(value), COORDINATE_DECIMALS)
        self.lat_band = latitude_band(value)
        return value

    @validates("longitude")
    def _round_longitude(self, _key: str, value: float) -> float:
        return round(float(value), COORDINATE_DECIMALS)

    @property
    def histogram(self) -> dict[int, int]:
        return {stars: getattr(self, f"rating_{stars}") for stars in range(5, 0, -1)}

    @property
    def amenity_labels(self) -> list[str]:
        return [AMENITIES[key] for key in self.amenities or [] if key in AMENITIES]

    def __repr__(self) -> str:
        return f"<Center {self.slug}>"


PRICE_INDEX_COPIES = ("center_status", "center_latitude", "center_longitude", "center_confirmed_at")


class CenterService(db.Model):
    """One line of a center's menu: a massage type, a duration and a price in rupees."""

    __tablename__ = "center_services"
    __table_args__ = (
        CheckConstraint("price_pkr > 0", name="price_positive"),
        CheckConstraint("duration_min > 0 AND duration_min <= 600", name="duration_range"),
        # The price sort reads lines in its own order, ties by the center's name, from these indexes alone: the
        # circle, the center's status and the listing's staleness are tested on the entry (services/search_price.py)
        Index("ix_center_services_service_price_name", "service_id", "price_key", "center_name", "center_id", "id",
              *PRICE_INDEX_COPIES),
        Index("ix_center_services_price_name", "price_key", "center_name", "center_id", "id", *PRICE_INDEX_COPIES),
        # A center's lowest price (cards, the price sort of few centers) and the price filter, from this index alone
        # (price_key: SQLite reads the table row for a generated column such as price_per_hour)
        Index("ix_center_services_center_service_price", "center_id", "service_id", "price_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(500), default="")
    duration_min: Mapped[int]
    price_pkr: Mapped[int]
    price_per_hour: Mapped[int] = mapped_column(
        Computed("(price_pkr * 60 + duration_min / 2) / NULLIF(duration_min, 0)", persisted=True))
    position: Mapped[int] = mapped_column(default=0)
    # Copies the price sort reads from its indexes alone (services/price_order.py's listener keeps them on every
    # flush; bulk loads set them themselves): price_per_hour as a plain column (SQLite 3.40 reads the table row for
    # a generated column even where an index holds it), and the center's name (ties), status, place (the circle)
    # and confirmation date (staleness).
    price_key: Mapped[int | None]
    center_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    center_status: Mapped[str | None] = mapped_column(String(20))
    center_latitude: Mapped[float | None]
    center_longitude: Mapped[float | None]
    center_confirmed_at: Mapped[datetime | None]

    center: Mapped[Center] = relationship(back_populates="menu")
    service: Mapped["Service"] = relationship(lazy="joined")  # noqa: F821


class OpeningHours(db.Model):
    """One opening span on a weekday (0 = Monday); a close not after the open runs past midnight."""

    __tablename__ = "opening_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        UniqueConstraint("center_id", "weekday", "opens_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # active_history: a span moved to another center still names its old one (services/hours_mask.py refreshes both)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"), index=True,
                                           active_history=True)
    weekday: Mapped[int]
    opens_at: Mapped[time] = mapped_column(Time)
    closes_at: Mapped[time] = mapped_column(Time)

    center: Mapped[Center] = relationship(back_populates="hours")

    @validates("opens_at", "closes_at")
    def _whole_minutes(self, _key, value: time) -> time:
        """Spans are whole minutes (forms and parse_span give HH:MM): "open now" compares them with the minute."""
        if value is not None and (value.second or value.microsecond):
            raise ValueError("opening hours are whole minutes")
        return value


class CityCount(db.Model):
    """How many published centers each city has, so the home page lists the largest cities without counting rows.

    Kept in step by directory/services/city_counts.py: a listener adds each flush's changes (a center published,
    unpublished, moved to another city, created or deleted) in the same transaction; bulk loads that bypass the ORM
    call refresh_city_counts().
    """

    __tablename__ = "city_counts"
    __table_args__ = (Index("ix_city_counts_published", "published"),)

    city: Mapped[str] = mapped_column(String(80), primary_key=True)
    published: Mapped[int] = mapped_column(default=0, server_default="0")
