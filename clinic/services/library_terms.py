"""The words the library shows and searches by: folded text, filter labels, equipment kinds.

Plugins write equipment as the patient reads it ("A wall or chair to hold, if
needed"), so the same wall appears under many spellings. The filter groups them
into a few household kinds found by keyword; the plugin's own words still print
on the handout. The core names body parts and household objects here, never an
exercise.
"""

from __future__ import annotations

import re
import unicodedata

from flask_babel import gettext

from clinic.catalogue import Catalogue
from clinic.i18n import N_

NO_EQUIPMENT = "none"
OTHER_EQUIPMENT = "other"

# key, label, the words (folded, singular) that name it
EQUIPMENT_KINDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("wall", N_("A wall"), ("wall",)),
    ("chair", N_("A chair"), ("chair",)),
    ("counter", N_("A counter or table"), ("counter", "table", "worktop")),
    ("rail", N_("A rail or banister"), ("rail", "handrail", "banister")),
    ("mat", N_("A mat or carpet"), ("mat", "carpet", "rug")),
    ("bed", N_("A bed"), ("bed",)),
    ("step", N_("A step or stair"), ("step", "stair")),
    ("band", N_("An exercise band"), ("band", "theraband")),
    ("weights", N_("Weights"), ("dumbbell", "weight", "kettlebell")),
    ("towel", N_("A towel"), ("towel",)),
    ("cushion", N_("A cushion or pillow"), ("cushion", "pillow")),
    ("ball", N_("A ball"), ("ball",)),
    ("bike", N_("An exercise bike"), ("bike", "bicycle", "cycle")),
    ("shoes", N_("Walking shoes"), ("shoe", "trainer", "sneaker")),
)
EQUIPMENT_LABELS = {key: label for key, label, _ in EQUIPMENT_KINDS} | {
    NO_EQUIPMENT: N_("No equipment"),
    OTHER_EQUIPMENT: N_("Other equipment"),
}

KIND_LABELS = {
    "warm_up": N_("Warm-up"),
    "stretch": N_("Stretch"),
    "strength": N_("Strength"),
    "endurance": N_("Endurance"),
    "balance": N_("Balance"),
    "mobility": N_("Mobility"),
}

# Marked so translators see the usual ones; a region a plugin invents is shown in its own words.
COMMON_REGIONS = (
    N_("Ankle"), N_("Arm"), N_("Back"), N_("Calf"), N_("Elbow"), N_("Foot"), N_("Hand"), N_("Hip"),
    N_("Knee"), N_("Legs"), N_("Neck"), N_("Shoulder"), N_("Thigh"), N_("Trunk"), N_("Wrist"),
)


def fold(text: str) -> str:
    """Lower case without accents, punctuation as spaces: 'Estiramiento de gemelos' meets 'gemelo'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", plain).strip()


def singular(word: str) -> str:
    """A rough English/Spanish singular, enough that 'bridges' finds 'bridge' and 'knees' 'knee'."""
    if len(word) > 4 and word.endswith("es") and word[-3] in "hsxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def equipment_kinds(items: tuple[str, ...]) -> tuple[str, ...]:
    """The household kinds a plugin's equipment lines name, in the vocabulary's order."""
    words = {singular(word) for item in items for word in fold(item).split()}
    found = tuple(key for key, _, names in EQUIPMENT_KINDS if words & set(names))
    if found:
        return found
    return (OTHER_EQUIPMENT,) if items else (NO_EQUIPMENT,)


def humanize(slug: str) -> str:
    return slug.replace("_", " ").replace("-", " ").strip().capitalize()


def plugin_title(catalogue: Catalogue, plugin: str, language: str) -> str:
    """A plugin as the library names it: the condition its first protocol treats, in the page language.

    A condition pack reads as its condition up to the first colon ("Artrosis de
    rodilla" on a Spanish page), not as its folder name in English; a plugin
    without a protocol (a shared library) keeps its name.
    """
    protocol = next((p for pid, p in sorted(catalogue.protocols.items()) if pid.startswith(f"{plugin}.")), None)
    if protocol is None:
        return humanize(plugin)
    translation = protocol.translations.get(language)
    condition = (translation.condition if translation and translation.condition else None) or protocol.condition
    return condition.split(": ", 1)[0]


def facet_label(facet: str, value: str, catalogue: Catalogue | None = None, language: str = "en") -> str:
    """What a filter choice reads as on the page, in the page language."""
    if facet == "equipment" and value in EQUIPMENT_LABELS:
        return gettext(EQUIPMENT_LABELS[value])
    if facet == "kind" and value in KIND_LABELS:
        return gettext(KIND_LABELS[value])
    if facet == "plugin":
        return plugin_title(catalogue, value, language) if catalogue is not None else humanize(value)
    return gettext(humanize(value))
