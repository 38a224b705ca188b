"""The data model, one module per aggregate."""
from .catalog import Service
from .center import AMENITIES, Center, CenterKind, CenterService, CenterStatus, GenderPolicy, OpeningHours
from .review import Review, ReviewStatus
from .search import CenterDocument, GeocodeCache
from .therapist import Credential, CredentialKind, CredentialStatus, Therapist, VerificationMethod
from .user import Role, User

__all__ = [
    "AMENITIES", "Center", "CenterDocument", "CenterKind", "CenterService", "CenterStatus", "Credential",
    "CredentialKind", "CredentialStatus", "GenderPolicy", "GeocodeCache", "OpeningHours", "Review", "ReviewStatus",
    "Role", "Service", "Therapist", "User", "VerificationMethod",
]
