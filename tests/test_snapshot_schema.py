"""Every stored snapshot keeps reprinting: a reader per schema, tried on a frozen snapshot of each.

``tests/data/handout_snapshot_schema1.json`` is what the code of 3 December 2026
stored with an issued handout (schema 1, no envelope name). It is never
regenerated: a change to the snapshot record must still read it, and print it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clinic.envelope import EnvelopeError
from clinic.exercise_data.snapshot import SNAPSHOT, HandoutSnapshot, read_snapshot
from clinic.handout.options import HandoutOptions
from clinic.handout.render import render_pdf
from tests.handout_support import page_texts

SCHEMA_1 = Path(__file__).parent / "data" / "handout_snapshot_schema1.json"


@pytest.fixture
def stored_schema_1() -> dict:
    return json.loads(SCHEMA_1.read_text(encoding="utf-8"))


def _holds(new: object, old: object, where: str = "") -> list[str]:
    """Where ``new`` lacks or changes something ``old`` has (fields added since, with defaults, are fine)."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [m for key, value in old.items()
                for m in ([f"{where}.{key} lost"] if key not in new else _holds(new[key], value, f"{where}.{key}"))]
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [m for i, (n, o) in enumerate(zip(new, old, strict=True)) for m in _holds(n, o, f"{where}[{i}]")]
    return [] if new == old else [f"{where}: {old!r} became {new!r}"]


def test_a_schema_1_snapshot_reads_without_losing_a_field(stored_schema_1: dict) -> None:
    snapshot = read_snapshot(stored_schema_1)
    written = snapshot.stored()
    assert (written.pop("format"), written.pop("schema")) == (SNAPSHOT.format, SNAPSHOT.schema)
    stored_schema_1.pop("schema")
    assert _holds(written, stored_schema_1) == []


def test_a_schema_1_snapshot_reprints_what_it_holds(app, stored_schema_1: dict) -> None:
    text = " ".join(page_texts(render_pdf(stored_schema_1, HandoutOptions())))
    snapshot = read_snapshot(stored_schema_1)
    assert snapshot.patient.name in text
    for exercise in snapshot.exercises:
        assert exercise.name in text
        assert exercise.dosage_text.split(",")[0] in text
    assert snapshot.pain_rule is not None and snapshot.pain_rule.wording.split(".")[0] in text
    for referral in snapshot.referrals:
        assert referral.text in text
    assert snapshot.changes is not None and snapshot.changes.dosage[0].name in text


def test_todays_snapshot_reads_back_as_itself(stored_schema_1: dict) -> None:
    snapshot = read_snapshot(stored_schema_1)
    assert read_snapshot(json.loads(json.dumps(snapshot.stored()))) == snapshot


@pytest.mark.parametrize("change", [
    {"schema": SNAPSHOT.schema + 1},                       # written by a newer clinic
    {"format": "clinic.programme"},                        # another kind of document
    {"format": None, "schema": 2},                         # schema 2 always names its format
])
def test_a_snapshot_this_version_cannot_read_is_refused(stored_schema_1: dict, change: dict) -> None:
    data = {**SNAPSHOT.wrap(stored_schema_1), **change}
    data = {k: v for k, v in data.items() if v is not None}
    with pytest.raises(EnvelopeError):
        read_snapshot(data)


def test_the_section_hook_can_still_read_the_snapshot_as_a_dictionary(stored_schema_1: dict) -> None:
    """Plugins written for API 1.0 read ``programme["exercises"]`` and ``e["kind"]``."""
    snapshot: HandoutSnapshot = read_snapshot(stored_schema_1)
    assert [e["kind"] for e in snapshot["exercises"]] == [e.kind for e in snapshot.exercises]
    assert snapshot.get("no such field", "absent") == "absent"
    with pytest.raises(KeyError):
        snapshot["no such field"]
