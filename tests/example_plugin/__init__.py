"""Example plugin: an exercise plugin for clinic.

clinic reads the TOML files in ``exercises/`` (and ``protocols/``, if you add
one) through these two hooks. You rarely need to change this file: add or edit
data files instead, then run ``flask --app clinic check-plugin <this folder>``.
"""

from clinic.plugin_kit import DataFolder, hookimpl

data = DataFolder(__file__)


@hookimpl
def clinic_exercises():
    return data.exercises()


@hookimpl
def clinic_protocols():
    return data.protocols()
