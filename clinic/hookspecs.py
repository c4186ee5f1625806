"""The whole plugin API of clinic: the markers and every hook a plugin may implement.

A plugin is a Python module (an in-repo folder under ``plugins/`` or an installed
package exposing the ``clinic`` entry-point group) whose functions are marked with
``hookimpl``. The core calls each plugin's implementation on its own, so a hook
that raises or returns invalid data disables that plugin alone.

Hooks are never renamed once shipped; a replaced hook is deprecated with
``warn_on_impl`` and kept working.

``PLUGIN_API`` is the version of this API. Adding a hook, a hook argument or a
record field raises the minor number (1.0 to 1.1); removing or changing the
meaning of one, after a deprecation, raises the major number. A plugin says which
versions it works with in ``plugin.toml`` (``requires = ">=1.0"``); the loader
skips, by name, a plugin that needs a version this clinic does not provide.
Every hook's docstring ends with the version that added it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from clinic.exercise_data import Exercise, HandoutSection, OutcomeScale, Protocol
    from clinic.exercise_data.snapshot import HandoutSnapshot

PROJECT_NAME = "clinic"
PLUGIN_API = "1.2"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def clinic_exercises() -> Sequence[Exercise]:
    """Return the exercises this plugin provides.

    Takes no arguments. Return a sequence of :class:`clinic.exercise_data.Exercise`
    records; every id must start with the plugin's name (``runners_knee.clamshell``).

    Combination: all results are collected. Two plugins giving the same id is an
    error that names both plugins; the second is disabled.

    Example::

        from clinic.plugin_kit import DataFolder, hookimpl

        data = DataFolder(__file__)

        @hookimpl
        def clinic_exercises():
            return data.exercises()


    .. versionadded:: 1.0
    """


@hookspec
def clinic_protocols() -> Sequence[Protocol]:
    """Return the protocols (condition routines) this plugin provides.

    Takes no arguments. Return a sequence of :class:`clinic.exercise_data.Protocol`
    records. A protocol may use exercises from any loaded plugin; an id that no
    plugin provides disables the protocol's plugin with a message naming the id.

    Combination: all results are collected; duplicate protocol ids are an error.

    Example::

        @hookimpl
        def clinic_protocols():
            return data.protocols()


    .. versionadded:: 1.0
    """


@hookspec
def clinic_handout_sections(programme: HandoutSnapshot, language: str) -> Sequence[HandoutSection]:
    """Return extra sections to print in a patient's handout.

    ``programme`` is the :class:`clinic.exercise_data.snapshot.HandoutSnapshot`
    the handout is printed from (the record an issued handout stores): its
    ``exercises`` are :class:`~clinic.exercise_data.snapshot.ResolvedExercise`
    records with the level and dosage the therapist chose, already in the
    handout language, with ``pain_rule``, ``referrals`` and the other rules
    beside them. ``language`` is the handout's language code, such as ``"en"``
    or ``"es"``. Take only the arguments you need: a hook that names just
    ``language`` is called with just that.

    Return a sequence of :class:`clinic.exercise_data.HandoutSection` (plain
    text only; the core escapes it). Return an empty sequence to add nothing.

    Combination: all results are collected and printed in plugin load order,
    each at its ``position``.

    Example::

        @hookimpl
        def clinic_handout_sections(programme, language):
            if not any(e.kind == "balance" for e in programme.exercises):
                return []
            return [HandoutSection(id="falls.tips", title="Stay safe",
                                   bullets=("Clear the floor around you.",))]


    .. versionadded:: 1.0
    .. versionchanged:: 1.1
       ``programme`` is a typed record, not a dictionary. ``programme["exercises"]``
       and ``e["kind"]`` still read its fields, so hooks written for 1.0 keep working.
    """


@hookspec
def clinic_outcome_scales() -> Sequence[OutcomeScale]:
    """Return the outcome measures (scored questionnaires) this plugin provides.

    Takes no arguments. Return a sequence of :class:`clinic.exercise_data.OutcomeScale`
    records; every id must start with the plugin's name (``runners_knee.kujala``).
    A therapist records a scale's score at a visit and may ask the patient for
    it on their link's page every few days; scores are plotted and exported.
    The core's Patient-Specific Functional Scale (``core.psfs``) comes through
    this hook too. Give only scales whose licence lets a clinic use them, and
    say so in ``licence``.

    Combination: all results are collected. Two plugins giving the same id is an
    error that names both plugins; the second is disabled.

    Example::

        from clinic.plugin_kit import OutcomeScale, ScaleQuestion, hookimpl

        @hookimpl
        def clinic_outcome_scales():
            return [OutcomeScale(
                id="runners_knee.run_check", name="Running check", short_name="Run",
                instructions="Answer for the last week.",
                questions=(ScaleQuestion(id="distance", text="How far can you run without pain?"),
                           ScaleQuestion(id="stairs", text="How easy are stairs?")),
                low=0, high=4, low_label="Not at all", high_label="With no trouble",
                scoring="sum", minimal_change=2, licence="Written for this plugin; free to use.")]


    .. versionadded:: 1.2
    """
