"""Runner's knee (pain around the kneecap): exercises and a 10-15 minute routine.

The routine's warm-up uses the ``warmups`` plugin's exercises by id, so this
plugin needs that one enabled too; the catalogue reports it by name if not.
"""

from clinic.plugin_kit import DataFolder, hookimpl

data = DataFolder(__file__)


@hookimpl
def clinic_exercises():
    return data.exercises()


@hookimpl
def clinic_protocols():
    return data.protocols()
