"""Reading published reviews for pages and the API: sorted, filtered, paginated, replies loaded in one query."""
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from ...models import HelpfulVote, Review, ReviewStatus, User
from ...text import N_
from ..pagination import Page, paginate

# Allowlisted sort orders; the id breaks ties so pages never overlap.
SORTS = {
    "newest": (N_("Newest"), (Review.created_at.desc(), Review.id.desc())),
    "highest": (N_("Highest rated"), (Review.rating.desc(), Review.created_at.desc(), Review.id.desc())),
    "lowest": (N_("Lowest rated"), (Review.rating.asc(), Review.created_at.desc(), Review.id.desc())),
    "helpful": (N_("Most helpful"), (Review.helpful_count.desc(), Review.created_at.desc(), Review.id.desc())),
}
PER_PAGE = 10
MAX_PAGE = 10_000


def published_reviews(center_id: int, sort: str = "newest", stars: int | None = None) -> Select:
    """Published reviews of a center with author, reply and treatment eager-loaded (no query per review)."""
    stmt = (select(Review).where(Review.center_id == center_id, Review.status == ReviewStatus.PUBLISHED)
            .options(selectinload(Review.reply), selectinload(Review.menu_item), selectinload(Review.therapist))
            .order_by(*SORTS.get(sort, SORTS["newest"])[1]))
    if stars is not None:
        stmt = stmt.where(Review.rating == stars)
    return stmt


def review_page(session: Session, center_id: int, sort: str = "newest", stars: int | None = None, page: int = 1,
                per_page: int = PER_PAGE) -> Page:
    return paginate(session, published_reviews(center_id, sort, stars), min(max(page, 1), MAX_PAGE), per_page)


def latest_reviews(session: Session, center_id: int, limit: int = 5) -> list[Review]:
    return list(session.scalars(published_reviews(center_id).limit(limit)))


def voted_ids(session: Session, user: User | None, review_ids: list[int]) -> set[int]:
    """Which of these reviews the member already marked helpful."""
    if user is None or not review_ids:
        return set()
    return set(session.scalars(select(HelpfulVote.review_id).where(HelpfulVote.user_id == user.id,
                                                                   HelpfulVote.review_id.in_(review_ids))))


def parse_list_args(args) -> tuple[str, int | None, int]:
    """Sort, star filter and page from a query string; anything unknown falls back to the default."""
    sort = args.get("sort", "newest")
    sort = sort if sort in SORTS else "newest"
    stars = args.get("stars", "")
    stars = int(stars) if stars in {"1", "2", "3", "4", "5"} else None
    page = args.get("page", "1")
    page = min(int(page), MAX_PAGE) if page.isdecimal() and page.isascii() and len(page) <= 5 and int(page) else 1
    return sort, stars, page
