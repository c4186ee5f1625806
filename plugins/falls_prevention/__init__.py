"""Falls prevention for older adults living at home: four balance and getting-up moves and a home routine.

The routine uses exercises from the ``common_exercises`` plugin (the shared
exercise library) by id, so this plugin needs that one enabled too; the
catalogue reports the missing ids by name if not. It also uses one warm-up
from ``warmups``.
"""

from clinic.plugin_kit import DataFolder, hookimpl

data = DataFolder(__file__)


@hookimpl
def clinic_exercises():
    return data.exercises()


@hookimpl
def clinic_protocols():
    return data.protocols()
