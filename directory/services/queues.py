"""How much waits in every admin queue, for the admin home."""
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import (
    Center,
    CenterClaim,
    CenterStatus,
    ChangeReport,
    ClaimStatus,
    Credential,
    CredentialStatus,
    ReportStatus,
    Review,
    ReviewFlag,
    ReviewStatus,
)


def queue_counts(session: Session) -> dict[str, int]:
    """How much waits in every admin queue, in one query."""
    def count(model, *where):
        return select(func.count()).select_from(model).where(*where).scalar_subquery()

    # Held reviews, plus published reviews with an open flag counted from the open flags (ix_review_flags_open):
    # the two are disjoint, and neither reads every review.
    flagged = (select(func.count(func.distinct(ReviewFlag.review_id))).join(Review, Review.id == ReviewFlag.review_id)
               .where(ReviewFlag.resolved_at.is_(None), Review.status == ReviewStatus.PUBLISHED).scalar_subquery())
    row = session.execute(select(
        count(CenterClaim, CenterClaim.status == ClaimStatus.PENDING).label("claims"),
        count(Center, Center.status == CenterStatus.PENDING).label("listings"),
        count(Center, Center.status == CenterStatus.SUSPENDED).label("suspended"),
        count(Center, Center.status == CenterStatus.DELETED).label("deleted"),
        count(Credential, Credential.status == CredentialStatus.PENDING).label("credentials"),
        count(ChangeReport, ChangeReport.status == ReportStatus.OPEN).label("reports"),
        (count(Review, Review.status == ReviewStatus.HELD) + flagged).label("reviews"),
    )).one()
    return dict(row._mapping)
