"""The data model, one module per aggregate."""
from .audit import AuditEntry
from .booking import BookingRequest, BookingSettings, BookingStatus, TherapistPreference
from .catalog import Service
from .center import AMENITIES, Center, CenterKind, CenterService, CenterStatus, CityCount, GenderPolicy, OpeningHours
from .condition import Condition, ConditionService, therapist_conditions
from .listing_activity import (
    CenterPhoto,
    CenterWeeklyStats,
    ChangeKind,
    ChangeReport,
    EvidenceFile,
    ReportStatus,
    SpecialClosure,
)
from .membership import CenterClaim, CenterManager, ClaimStatus
from .notification import MailKind, MailOptOut, OutboxMail, OutboxStatus
from .review import SUB_RATINGS, Review, ReviewStatus
from .review_activity import FlagReason, HelpfulVote, ReviewFlag, ReviewReply, VisitCode
from .review_photo import ReviewPhoto, ReviewPhotoFlag
from .search import CenterDocument, GeocodeCache, OpenHoursCell
from .therapist import Credential, CredentialKind, CredentialStatus, Therapist, VerificationMethod
from .user import Role, User

__all__ = [
    "AMENITIES", "AuditEntry", "BookingRequest", "BookingSettings", "BookingStatus", "TherapistPreference",
    "Center", "CenterClaim", "CenterDocument", "CityCount", "CenterKind", "CenterManager",
    "CenterPhoto", "CenterWeeklyStats", "ChangeKind", "ChangeReport", "EvidenceFile", "ReportStatus", "SpecialClosure",
    "CenterService", "CenterStatus", "ClaimStatus", "Credential", "CredentialKind", "CredentialStatus", "FlagReason",
    "GenderPolicy", "GeocodeCache", "HelpfulVote", "OpeningHours", "Review", "ReviewFlag", "ReviewReply",
    "ReviewStatus", "Role", "SUB_RATINGS", "Service", "Therapist", "User", "VerificationMethod", "VisitCode",
    "Condition", "ConditionService", "therapist_conditions", "ReviewPhoto", "ReviewPhotoFlag",
    "MailKind", "MailOptOut", "OutboxMail", "OutboxStatus", "OpenHoursCell",
]
