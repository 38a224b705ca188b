"""Reading therapists for the public: one therapist's page (published centers only), their badges and reviews."""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..models import Center, CenterStatus, Review, ReviewStatus, Therapist
from ..text import N_
from .credentials import Badge, credential_badge
from .hours import local_now
from .listings.submission import slugify
from .pagination import Page, paginate

LANGUAGES = {"ur": _l("Urdu"), "en": _l("English"), "sd": _l("Sindhi"), "pa": _l("Punjabi"), "ps": _l("Pashto")}
GENDER_LABELS = {"female": N_("Female"), "male": N_("Male")}
REVIEWS_PER_PAGE = 10
MAX_PAGE = 1_000
MAX_ID = 2**31 - 1  # an id past the column's range names no therapist (and must not overflow the driver)


def name_slug(name: str) -> str:
    """The readable part of a therapist's address: "Ayesha Khan" -> "ayesha-khan"."""
    return slugify(name)[:80].strip("-") or "therapist"


def language_labels(codes: list[str] | None) -> list[str]:
    """Names of the languages a therapist speaks, in the order listed; unknown codes are left out."""
    return [LANGUAGES[code] for code in codes or [] if code in LANGUAGES]


def get_public_therapist(session: Session, therapist_id: int) -> Therapist | None:
    """A therapist of a published center, with center, credentials, massage types and focus conditions loaded."""
    if not 0 < therapist_id <= MAX_ID:
        return None
    stmt = (select(Therapist).join(Center, Center.id == Therapist.center_id)
            .where(Therapist.id == therapist_id, Center.status == CenterStatus.PUBLISHED)
            .options(joinedload(Therapist.center), selectinload(Therapist.credentials),
                     selectinload(Therapist.specialties), selectinload(Therapist.conditions)))
    return session.scalar(stmt)


def therapist_today(therapist: Therapist, now_utc=None) -> date:
    """Today at the therapist's center (badges expire by the center's calendar, as on its page)."""
    return local_now(therapist.center.timezone, now_utc).date()


def therapist_badges(therapist: Therapist, today: date) -> list[Badge]:
    """The public badges of a therapist's credentials, the same as on the center's page."""
    return [badge for credential in therapist.credentials
            if (badge := credential_badge(credential, today)) is not None]


def reviews_naming(session: Session, therapist_id: int, page: int = 1) -> Page:
    """Published reviews whose author said this therapist treated them, newest first, one page."""
    stmt = (select(Review).where(Review.therapist_id == therapist_id, Review.status == ReviewStatus.PUBLISHED)
            .options(selectinload(Review.reply), selectinload(Review.menu_item), selectinload(Review.therapist))
            .order_by(Review.created_at.desc(), Review.id.desc()))
    return paginate(session, stmt, min(max(page, 1), MAX_PAGE), REVIEWS_PER_PAGE)
