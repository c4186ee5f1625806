"""Plantar heel pain (plantar fasciitis): four foot and calf exercises and a home routine.

The routine uses exercises from the ``common_exercises`` plugin (the shared
exercise library) by id, so this plugin needs that one enabled too; the
catalogue reports the missing ids by name if not. It also uses one stretch
from ``runners_knee``.
"""

from clinic.plugin_kit import DataFolder, hookimpl

data = DataFolder(__file__)


@hookimpl
def clinic_exercises():
    return data.exercises()


@hookimpl
def clinic_protocols():
    return data.protocols()
