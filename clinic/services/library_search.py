"""Search the exercise library by words and filters, in memory.

The catalogue is built once at start-up and holds a few hundred exercises at
most, so a plain scan is fast and needs no search index to keep in step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from clinic.catalogue import Catalogue
from clinic.exercise_data import Exercise

FILTERS = ("region", "kind", "target", "equipment", "plugin")


@dataclass(frozen=True)
class Query:
    text: str = ""
    region: str = ""
    kind: str = ""
    target: str = ""
    equipment: str = ""
    plugin: str = ""

    @classmethod
    def from_args(cls, args: dict[str, str]) -> Query:
        return cls(text=(args.get("q") or "").strip()[:100],
                   **{name: (args.get(name) or "").strip() for name in FILTERS})


def _words(exercise: Exercise) -> str:
    return " ".join([exercise.name, *exercise.synonyms]).lower()


def _matches(exercise: Exercise, owner: str, query: Query) -> bool:
    if query.text and not all(word in _words(exercise) for word in query.text.lower().split()):
        return False
    checks = (
        (query.region, exercise.body_regions),
        (query.kind, (exercise.kind,)),
        (query.target, exercise.targets),
        (query.equipment, exercise.equipment or ("None",)),
        (query.plugin, (owner,)),
    )
    return all(not wanted or wanted in values for wanted, values in checks)


def search(catalogue: Catalogue, query: Query, limit: int = 50) -> list[Exercise]:
    """Matching exercises, names that start with the search words first."""
    found = [e for e in catalogue.exercises.values() if _matches(e, catalogue.owners.get(e.id, ""), query)]
    text = query.text.lower()
    found.sort(key=lambda e: (not e.name.lower().startswith(text), e.name.lower()))
    return found[:limit]


def _distinct(values: Iterable[str]) -> list[str]:
    return sorted(set(values), key=str.lower)


def facets(catalogue: Catalogue) -> dict[str, list[str]]:
    """The values each filter can take, read from the library itself."""
    exercises = list(catalogue.exercises.values())
    return {
        "region": _distinct(r for e in exercises for r in e.body_regions),
        "kind": _distinct(e.kind for e in exercises),
        "target": _distinct(t for e in exercises for t in e.targets),
        "equipment": _distinct([q for e in exercises for q in e.equipment] + ["None"]),
        "plugin": _distinct(catalogue.owners.values()),
    }
