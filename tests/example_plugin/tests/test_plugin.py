"""Checks this plugin the way clinic loads it. Run `pytest` in the plugin folder.

The ``clinic_plugin`` fixture and ``assert_plugin_contract`` come with clinic
(its pytest plugin), so there is nothing to set up.
"""

from clinic.testing import assert_plugin_contract


def test_plugin_meets_the_contract(clinic_plugin):
    assert_plugin_contract(clinic_plugin.root)


def test_plugin_provides_exercises(clinic_plugin):
    assert clinic_plugin.exercises, "add at least one file to the exercises folder"
    for exercise_id in clinic_plugin.exercises:
        assert exercise_id.startswith(f"{clinic_plugin.name}.")
