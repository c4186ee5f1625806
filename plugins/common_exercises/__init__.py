"""Shared exercise library: exercises that many condition plugins use by id.

This plugin has no protocols of its own. Condition plugins (low back pain,
knee osteoarthritis, ...) put these exercises in their routines by id, such as
``common_exercises.bridge``, so each exercise is written and drawn once.
"""

from clinic.plugin_kit import DataFolder, hookimpl

data = DataFolder(__file__)


@hookimpl
def clinic_exercises():
    return data.exercises()


@hookimpl
def clinic_protocols():
    return data.protocols()
