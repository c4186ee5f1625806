"""Tell a caution from a mistake by how it is worded, so neither prints under the other's heading.

A card prints cautions under "Stay safe" and mistakes under "Mistakes to avoid".
A safety instruction filed as a mistake ("Stop if you feel dizzy") would read as
"avoid stopping"; a mistake filed as a caution ("Holding your breath") would
read as advice to do it. The wording tells them apart well enough to warn: an
instruction starts with a verb telling the reader what to do, a mistake names
what people do wrong, usually starting with an -ing word. English only: the
English file is the one a plugin author writes first and translations follow.
"""

from __future__ import annotations

import re

# First words (or pairs) that make a line an instruction to the reader.
INSTRUCTION_STARTS = frozenset({
    "stop", "stand", "hold", "keep", "use", "put", "come", "call", "rest", "ask", "see",
    "wear", "sit", "lie", "try", "check", "take", "place", "breathe", "always", "never",
    "avoid", "if", "make sure", "do not", "don't", "be careful", "get help", "hold on",
    "stand near", "go slowly", "slow down",
})
# Words ending in -ing that are not the -ing form of what someone does wrong.
NOT_GERUNDS = frozenset({"bring", "swing", "sing", "spring", "string", "during", "nothing", "something",
                         "anything", "everything"})

_WORDS = re.compile(r"[A-Za-z']+")


def _first_words(text: str, count: int) -> str:
    return " ".join(_WORDS.findall(text.lower())[:count])


def reads_like_instruction(text: str) -> bool:
    """True when the line starts by telling the reader what to do (a caution's wording)."""
    return _first_words(text, 1) in INSTRUCTION_STARTS or _first_words(text, 2) in INSTRUCTION_STARTS


def reads_like_mistake(text: str) -> bool:
    """True when the line starts by naming what someone does wrong ("Letting...", "Holding...")."""
    first = _first_words(text, 1)
    return len(first) >= 5 and first.endswith("ing") and first not in NOT_GERUNDS
