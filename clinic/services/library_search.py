"""Search the exercise library by words and filters, in memory.

The catalogue is built once at start-up and never changes, so what a search
needs from each exercise (lower-case words, filter values, the name order) is
worked out once per catalogue; with a thousand exercises, doing it on every
request was a third of the builder page's time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
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


@dataclass(frozen=True)
class _Entry:
    exercise: Exercise
    words: str
    name: str
    values: tuple[tuple[str, ...], ...]  # in FILTERS order


def _entry(exercise: Exercise, owner: str) -> _Entry:
    return _Entry(
        exercise=exercise,
        words=" ".join([exercise.name, *exercise.synonyms]).lower(),
        name=exercise.name.lower(),
        values=(tuple(exercise.body_regions), (exercise.kind,), tuple(exercise.targets),
                tuple(exercise.equipment) or ("None",), (owner,)),
    )


class _Indexes:
    """The prepared entries of the last few catalogues (each app has one; tests make many)."""

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self._by_id: OrderedDict[int, tuple[Catalogue, list[_Entry], dict[str, list[str]]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, catalogue: Catalogue) -> tuple[list[_Entry], dict[str, list[str]]]:
        with self._lock:
            found = self._by_id.get(id(catalogue))
            if found is not None and found[0] is catalogue:
                return found[1], found[2]
        entries = [_entry(e, catalogue.owners.get(e.id, "")) for e in catalogue.exercises.values()]
        entries.sort(key=lambda entry: entry.name)  # stable: equal names keep the catalogue's order
        facet_values = _facets(catalogue)
        with self._lock:
            # The catalogue is kept with its entries, so its id cannot be reused while cached.
            self._by_id[id(catalogue)] = (catalogue, entries, facet_values)
            while len(self._by_id) > self.size:
                self._by_id.popitem(last=False)
        return entries, facet_values


_indexes = _Indexes()


def search(catalogue: Catalogue, query: Query, limit: int = 50) -> list[Exercise]:
    """Matching exercises, names that start with the search words first, then by name."""
    entries, _ = _indexes.get(catalogue)
    text = query.text.lower()
    words = text.split()
    wanted = [(i, value) for i, value in enumerate(getattr(query, name) for name in FILTERS) if value]
    if words or wanted:
        entries = [e for e in entries
                   if all(word in e.words for word in words) and all(value in e.values[i] for i, value in wanted)]
    if text:
        entries = sorted(entries, key=lambda entry: not entry.name.startswith(text))  # stable: name order kept
    return [entry.exercise for entry in entries[:limit]]


def _distinct(values: Iterable[str]) -> list[str]:
    return sorted(set(values), key=str.lower)


def facets(catalogue: Catalogue) -> dict[str, list[str]]:
    """The values each filter can take, read from the library itself (worked out once per catalogue)."""
    return {name: list(values) for name, values in _indexes.get(catalogue)[1].items()}


def _facets(catalogue: Catalogue) -> dict[str, list[str]]:
    exercises = list(catalogue.exercises.values())
    return {
        "region": _distinct(r for e in exercises for r in e.body_regions),
        "kind": _distinct(e.kind for e in exercises),
        "target": _distinct(t for e in exercises for t in e.targets),
        "equipment": _distinct([q for e in exercises for q in e.equipment] + ["None"]),
        "plugin": _distinct(catalogue.owners.values()),
    }
