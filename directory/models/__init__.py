"""The data model, one module per aggregate; importing this package registers them all."""

from directory.models.accounts import Account, AccountSession, Role
from directory.models.audit import AuditEntry
from directory.models.concerns import Concern, ConcernReason, ConcernStatus
from directory.models.credentials import (
    AccreditationBody,
    BodyKind,
    ClaimStatus,
    CredentialClaim,
    ExpiryReminder,
)
from directory.models.enquiries import Enquiry
from directory.models.files import StoredFile, StoredFileChunk
from directory.models.geocache import GeocodeCache
from directory.models.listing_claims import ListingClaim, ListingClaimStatus
from directory.models.opening_hours import OpeningHours
from directory.models.outbox import SearchOutbox, SearchReplica
from directory.models.photos import Photo
from directory.models.practitioners import (
    Clinic,
    ConsultationFee,
    LocationPrecision,
    Practitioner,
    Profession,
    PublicationState,
    practitioner_clinics,
)
from directory.models.registrations import (
    ClinicRegistration,
    RegistrationKind,
    RegistrationReminder,
)
from directory.models.treatments import Treatment, TreatmentOffer

__all__ = [
    "AccreditationBody",
    "Account",
    "AccountSession",
    "AuditEntry",
    "BodyKind",
    "ClaimStatus",
    "Concern",
    "ConcernReason",
    "ConcernStatus",
    "Clinic",
    "ClinicRegistration",
    "ConsultationFee",
    "CredentialClaim",
    "Enquiry",
    "ExpiryReminder",
    "GeocodeCache",
    "ListingClaim",
    "ListingClaimStatus",
    "LocationPrecision",
    "OpeningHours",
    "Photo",
    "Practitioner",
    "Profession",
    "PublicationState",
    "RegistrationKind",
    "RegistrationReminder",
    "Role",
    "SearchOutbox",
    "SearchReplica",
    "StoredFile",
    "StoredFileChunk",
    "Treatment",
    "TreatmentOffer",
    "practitioner_clinics",
]
