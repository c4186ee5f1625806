"""The core's own outcome measure, the Patient-Specific Functional Scale, through the plugins' hook.

It is registered like any plugin (``clinic.plugin_loader.BUILTIN_PLUGINS``), so
the scale a clinic uses most is also the example a contributor can read. Its
words are gettext message ids: the pages show them in the patient's language.
"""

from __future__ import annotations

from clinic.exercise_data import NamedItems, OutcomeScale
from clinic.hookspecs import hookimpl
from clinic.i18n import N_

PSFS = OutcomeScale(
    id="core.psfs",
    name=N_("Patient-Specific Functional Scale"),
    short_name="PSFS",
    instructions=N_("Name up to 5 things you find hard to do because of your problem. "
                    "Then give each a number from 0 to 10."),
    named_items=NamedItems(prompt=N_("Something you find hard to do"), least=1, most=5),
    low=0,
    high=10,
    low_label=N_("0 = I cannot do it"),
    high_label=N_("10 = as well as before"),
    scoring="mean",
    direction="higher_is_better",
    minimal_change=2,
    licence="Stratford and colleagues, Physiotherapy Canada 1995. Used in clinical care without a fee; "
            "the wording here is clinic's own.",
)


@hookimpl
def clinic_outcome_scales() -> list[OutcomeScale]:
    """Give the PSFS: the patient names the activities, so it fits any condition."""
    return [PSFS]
