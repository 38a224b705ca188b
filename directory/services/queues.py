"""How much waits in every admin queue, for the admin home."""
from sqlalchemy import exists, func, or_, select
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

    open_flag = exists().where(ReviewFlag.review_id == Review.id, ReviewFlag.resolved_at.is_(None))
    row = session.execute(select(
        count(CenterClaim, CenterClaim.status == ClaimStatus.PENDING).label("claims"),
        count(Center, Center.status == CenterStatus.PENDING).label("listings"),
        count(Center, Center.status == CenterStatus.SUSPENDED).label("suspended"),
        count(Center, Center.status == CenterStatus.DELETED).label("deleted"),
        count(Credential, Credential.status == CredentialStatus.PENDING).label("credentials"),
        count(ChangeReport, ChangeReport.status == ReportStatus.OPEN).label("reports"),
        count(Review, or_(Review.status == ReviewStatus.HELD,
                          (Review.status == ReviewStatus.PUBLISHED) & open_flag)).label("reviews"),
    )).one()
    return dict(row._mapping)
