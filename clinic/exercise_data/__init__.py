"""The data types every plugin returns: exercises, dosage, levels and protocols.

Plugins know the core only through these types and the hook markers, so they are
kept small, immutable and validated at the edge (when a plugin is loaded).
"""

from clinic.exercise_data.dosage import Dosage, IntRange, Load, describe_dosage
from clinic.exercise_data.exercise import Exercise, Level, Picture, Reference
from clinic.exercise_data.protocol import (
    FlareUpRow,
    PainRule,
    Protocol,
    ProtocolItem,
    ProtocolSection,
    Referral,
    Rule,
    ScheduleEntry,
)
from clinic.exercise_data.scales import NamedItems, OutcomeScale, ScaleQuestion
from clinic.exercise_data.sections import HandoutSection

__all__ = [
    "Dosage",
    "Exercise",
    "FlareUpRow",
    "HandoutSection",
    "IntRange",
    "Level",
    "Load",
    "NamedItems",
    "OutcomeScale",
    "PainRule",
    "Picture",
    "Protocol",
    "ProtocolItem",
    "ProtocolSection",
    "Reference",
    "Referral",
    "Rule",
    "ScaleQuestion",
    "ScheduleEntry",
    "describe_dosage",
]
