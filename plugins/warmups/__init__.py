"""Gentle warm-ups that any routine can start with.

Kept in their own plugin so that condition plugins (runner's knee and later
ones) share one set of warm-ups by id instead of each copying them.
"""

from clinic.plugin_kit import DataFolder, hookimpl

data = DataFolder(__file__)


@hookimpl
def clinic_exercises():
    return data.exercises()
