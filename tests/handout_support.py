"""A small but complete content plugin and programme for the handout tests and benchmark."""

from __future__ import annotations

import textwrap
from functools import lru_cache
from pathlib import Path

from clinic.db import db
from clinic.models import Patient, User
from clinic.services.programmes import create_programme
from clinic.state import catalogue
from tests.plugin_factory import exercise_toml, write_plugin

PLUGIN = "handout_demo"

PICTURE = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 120">
<rect width="200" height="120" fill="#f4f8f9"/><line x1="10" y1="100" x2="190" y2="100" stroke="#555" stroke-width="3"/>
<circle cx="{x}" cy="40" r="14" fill="#0a3d4a"/>
<line x1="{x}" y1="54" x2="{x}" y2="85" stroke="#0a3d4a" stroke-width="8"/>
<line x1="{x}" y1="85" x2="{x2}" y2="100" stroke="#0a3d4a" stroke-width="8"/></svg>"""

LEVELS = """
[[levels]]
step = -1
name = "{name} with support"
criterion = "You can do it holding a chair."

[[levels]]
step = 1
name = "Single-leg {name}"
criterion = "You can do 3 sets of 15 with pain at 3 out of 10 or less."
"""

PROTOCOL = """
name = "Knee pain routine"
condition = "Knee pain when running"
summary = "Strength and stretches for the front of the knee."
goal = "Run 5 km without knee pain."
activity_changes = ["Run on flat ground for 2 weeks.", "Take the lift instead of stairs when your knee hurts."]
mistakes = ["Letting the knee fall inwards."]

[pain_rule]
ceiling = 3
wording = "Some pain is OK: keep it at 3 out of 10 or less, and it should be gone by the next morning."

[[referrals]]
tier = "urgent"
text = "Your knee gives way and swells up quickly."

[[referrals]]
tier = "doctor"
text = "You cannot put weight on the leg."

[[referrals]]
tier = "therapist"
text = "Pain is worse each morning for 3 days."

[[progression_rules]]
text = "Add 2 reps a week while pain stays at 3 or less."
rule_of_thumb = true

[[progression_rules]]
text = "Move up a level when you meet the goal on the card."

[[flare_up]]
avoid = "Running downhill"
instead = "Walk on flat ground"

{sections}
"""


def exercise_text(stem: str, kind: str = "strength", levels: bool = True) -> str:
    name = stem.replace("_", " ").capitalize()
    body = exercise_toml(name=name, picture=f"pictures/{stem}.svg").replace('kind = "strength"', f'kind = "{kind}"')
    extra = 'mistakes = ["Holding your breath."]\ncautions = ["Stop if you feel sharp pain."]\n'
    body = body.replace("\n[dosage]", f"\n{extra}\n[dosage]")
    return body + (textwrap.dedent(LEVELS).format(name=name.lower()) if levels else "")


def write_demo_plugin(root: Path, count: int = 4, name: str = PLUGIN) -> Path:
    """A plugin with ``count`` exercises (warm-up, strength, stretch) and one protocol using them."""
    kinds = ["warm_up", "strength", "strength", "stretch"]
    stems = [f"move_{i + 1}" for i in range(count)]
    exercises = {stem: exercise_text(stem, kinds[i % len(kinds)]) for i, stem in enumerate(stems)}
    section_of = {"warm_up": "warm_up", "strength": "strength", "stretch": "stretch"}
    blocks = []
    for key, title in (("warm_up", "Warm-up"), ("strength", "Strength"), ("stretch", "Stretches")):
        items = [s for i, s in enumerate(stems) if section_of[kinds[i % len(kinds)]] == key]
        if not items:
            continue
        block = f'[[sections]]\nkey = "{key}"\ntitle = "{title}"\ninstructions = "Do these {title.lower()}."\n'
        block += "".join(f'[[sections.items]]\nexercise = "{name}.{s}"\n' for s in items)
        blocks.append(block)
    folder = write_plugin(root, name, exercises=exercises,
                          protocols={"knee": PROTOCOL.format(sections="\n".join(blocks))})
    for i, stem in enumerate(stems):
        (folder / "pictures" / f"{stem}.svg").write_text(PICTURE.format(x=40 + (i * 23) % 120, x2=60 + (i * 23) % 120))
    return folder


def demo_programme(patient: Patient, therapist: User, name: str = PLUGIN):
    """A programme started from the demo protocol, committed."""
    programme = create_programme(patient, therapist, catalogue().protocols[f"{name}.knee"])
    db.session.commit()
    return programme


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text with line breaks and runs of spaces made single spaces."""
    return list(_page_texts(pdf))


@lru_cache(maxsize=64)
def _page_texts(pdf: bytes) -> tuple[str, ...]:
    """Remembered by the PDF's bytes: pypdf reads a 10-page handout in about a second, and
    tests read the same PDF again (each URL of a page walk, a reprint against its original)."""
    import io
    import re

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return tuple(re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages)


def text_sizes_pt(pdf: bytes, page_number: int) -> dict[str, float]:
    """Printed size in points of each text run on a page (font size times the scaling)."""
    import io

    from pypdf import PdfReader

    sizes: dict[str, float] = {}

    def visit(text, cm, tm, font, size):  # type: ignore[no-untyped-def]
        if text.strip():
            sizes[text.strip()] = round(size * tm[0] * cm[0], 1)

    PdfReader(io.BytesIO(pdf)).pages[page_number].extract_text(visitor_text=visit)
    return sizes


def log_in(client, user: User) -> None:  # type: ignore[no-untyped-def]
    """Sign ``user`` in by session, as the rest of the suite does."""
    from tests.session_helpers import sign_in

    sign_in(client, user)
