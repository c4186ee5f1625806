"""An installed example plugin: found through the ``clinic`` entry-point group."""

from clinic.plugin_kit import DataFolder, hookimpl

data = DataFolder(__file__)


@hookimpl
def clinic_exercises():
    return data.exercises()
