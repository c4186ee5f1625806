"""A small plugin with a protocol, levels and a warm-up, for the builder tests.

Written into a temporary folder so the builder tests do not change when the
real content plugins are edited.
"""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient

from tests import session_helpers
from tests.plugin_factory import exercise_toml, write_plugin

BRIDGE_LEVELS = """
synonyms = ["hip lift", "glute bridge"]
targets = ["glutes"]
equipment = ["A mat"]

[[levels]]
step = -1
name = "Half bridge"
criterion = "Use this if the full bridge hurts."

[[levels]]
step = 1
name = "Single-leg bridge"
criterion = "When 3 sets of 12 feel easy."
dosage = { reps = [6, 8] }
"""

WARM_UP = exercise_toml("Marching", extra='synonyms = ["march on the spot"]').replace(
    'kind = "strength"', 'kind = "warm_up"').replace('body_regions = ["hip"]', 'body_regions = ["whole_body"]')

STRETCH = exercise_toml("Calf stretch").replace('kind = "strength"', 'kind = "stretch"').replace(
    'body_regions = ["hip"]', 'body_regions = ["calf"]')

PROTOCOL = """
name = "Kit routine"
condition = "A sore hip"
summary = "A short routine."
goal = "Walk without pain."

[[sections]]
key = "warm_up"
title = "Warm-up"
instructions = "Get warm."
[[sections.items]]
exercise = "kit.marching"

[[sections]]
key = "strength"
title = "Strength"
instructions = "Slowly."
[[sections.items]]
exercise = "kit.bridge"
[[sections.items]]
exercise = "kit.clam"
dosage = { reps = 15 }

[[schedule]]
when = "Every day"
what = ["the whole routine"]

[[progression_rules]]
text = "Add reps before adding load."

[pain_rule]
ceiling = 3
wording = "Some pain is fine if it settles by the next morning."

[[referrals]]
tier = "urgent"
text = "Your knee locks or gives way."

[[referrals]]
tier = "therapist"
text = "The pain gets worse over two weeks."
"""


def write_kit(root: Path) -> Path:
    return write_plugin(
        root, "kit",
        exercises={"bridge": exercise_toml(extra=BRIDGE_LEVELS), "clam": exercise_toml("Clamshell"),
                   "marching": WARM_UP, "calf_stretch": STRETCH},
        protocols={"routine": PROTOCOL},
    )


def sign_in(client: FlaskClient, user_id: int) -> None:
    """Sign in by session: these tests are about the builder, not the sign-in form."""
    from clinic.db import db
    from clinic.models import User

    user = db.session.get(User, user_id)
    assert user is not None
    session_helpers.sign_in(client, user)
