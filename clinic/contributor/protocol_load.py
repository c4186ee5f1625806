"""Warn when a protocol's default pick asks more of a patient than it says, or than a home routine holds.

The builder shows a therapist the same two checks on a programme (too many
main exercises, more minutes than the protocol states); a protocol that fails
them starts every programme made from it with a warning, so its author hears
it first, from the same load model.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from clinic.catalogue import Catalogue
from clinic.contributor.findings import Finding, line_of, warning
from clinic.exercise_data import Protocol
from clinic.models.content import ProgrammeContent
from clinic.services.builder_view import MAX_MAIN_EXERCISES, LoadCheck, load_of
from clinic.services.item_choice import choose


def default_pick_load(catalogue: Catalogue, protocol: Protocol) -> LoadCheck:
    """The load of the programme a therapist gets by starting from ``protocol`` (optional items left out)."""
    content = ProgrammeContent.from_protocol(protocol)
    pain_rule = protocol.pain_rule.model_dump()
    return load_of(((choose(catalogue, item.exercise_id, item.level, item.dosage, pain_rule).dosage, item.section)
                    for item in content.items if item.exercise_id in catalogue.exercises), protocol.minutes)


def protocol_load(root: Path, catalogue: Catalogue, protocols: Iterable[Protocol]) -> list[Finding]:
    findings = []
    for protocol in protocols:
        stem = protocol.id.split(".", 1)[1]
        display = f"{root.name}/protocols/{stem}.toml"
        path = root / "protocols" / f"{stem}.toml"
        source = path.read_text(encoding="utf-8") if path.is_file() else ""
        load = default_pick_load(catalogue, protocol)
        if load.too_many:
            findings.append(warning(
                f"the default pick has {load.main_exercises} main exercises (warm-up not counted); more than "
                f"{MAX_MAIN_EXERCISES} are seldom kept up at home: mark some `optional = true`", display, "sections"))
        if load.longer_than_stated and protocol.minutes is not None:
            busiest = load.routine.busiest.rounded()
            findings.append(warning(
                f"the default pick's doses take about {busiest.low:g}-{busiest.high:g} minutes on its busiest day, "
                f"more than the {protocol.minutes.low}-{protocol.minutes.top} minutes it says: change `minutes`, "
                "the doses or the default pick", display, "minutes", line_of(source, "minutes =")))
    return findings
