"""Database models; each module holds one part of the record."""

from clinic.models.accounts import Clinic, User
from clinic.models.audit import AuditEvent
from clinic.models.favourites import FavouriteExercise
from clinic.models.handouts import IssuedHandout
from clinic.models.jobs import PrintBatch, RenderJob
from clinic.models.links import DayCheckIn, ExerciseCheckIn, PatientLink
from clinic.models.outcomes import OutcomeSchedule, OutcomeScore
from clinic.models.patients import Patient
from clinic.models.programmes import Programme, ProgrammeItem

__all__ = [
    "AuditEvent",
    "Clinic",
    "DayCheckIn",
    "ExerciseCheckIn",
    "FavouriteExercise",
    "IssuedHandout",
    "OutcomeSchedule",
    "OutcomeScore",
    "Patient",
    "PatientLink",
    "PrintBatch",
    "Programme",
    "ProgrammeItem",
    "RenderJob",
    "User",
]
