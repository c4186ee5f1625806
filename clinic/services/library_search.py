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

from flask_babel import force_locale, gettext

from clinic.catalogue import Catalogue
from clinic.exercise_data import Exercise
from clinic.services.library_terms import EQUIPMENT_LABELS, KIND_LABELS, equipment_kinds, fold, humanize, singular

FILTERS = ("region", "kind", "target", "equipment", "plugin")
MAX_QUERY = 100
# How well an exercise matched, best first: its name starts with the words, the words are in
# a name (any language, any level), in a synonym, or only in its regions, targets, kind or equipment.
NAME_START, NAME, SYNONYM, OTHER = range(4)


@dataclass(frozen=True)
class Query:
    text: str = ""
    region: str = ""
    kind: str = ""
    target: str = ""
    equipment: str = ""
    plugin: str = ""
    favourites: bool = False

    @classmethod
    def from_args(cls, args: dict[str, str]) -> Query:
        return cls(text=(args.get("q") or "").strip()[:MAX_QUERY], favourites=args.get("favourites") == "1",
                   **{name: (args.get(name) or "").strip() for name in FILTERS})


@dataclass(frozen=True)
class _Entry:
    exercise: Exercise
    name: str
    names: tuple[str, ...]  # folded, every language
    tiers: tuple[str, str, str]  # " word word ..." for names, synonyms, the rest
    values: tuple[tuple[str, ...], ...]  # in FILTERS order


def _words(texts: Iterable[str]) -> str:
    return " " + " ".join(fold(text) for text in texts if text) + " "


def _names(exercise: Exercise) -> list[str]:
    names = [exercise.name, *(level.name or "" for level in exercise.levels)]
    for text in exercise.translations.values():
        names.append(text.name or "")
        names.extend(str(level.get("name") or "") for level in text.levels.values())
    return [name for name in names if name]


def _entry(exercise: Exercise, owner: str) -> _Entry:
    kinds = equipment_kinds(exercise.equipment)
    labels = [gettext(humanize(v)) for v in (*exercise.body_regions, *exercise.targets)]
    labels.append(gettext(KIND_LABELS.get(exercise.kind, humanize(exercise.kind))))
    rest = [*exercise.body_regions, *exercise.targets, exercise.kind, *labels, *exercise.equipment, *kinds]
    return _Entry(
        exercise=exercise,
        name=exercise.name.lower(),
        names=tuple(fold(name) for name in _names(exercise)),
        tiers=(_words(_names(exercise)), _words(exercise.synonyms), _words(rest)),
        values=(tuple(exercise.body_regions), (exercise.kind,), tuple(exercise.targets), kinds, (owner,)),
    )


def _tier(entry: _Entry, words: list[str], phrase: str) -> int | None:
    """The worst tier any one word needs, or None when a word matches nothing."""
    if phrase and any(name.startswith(phrase) for name in entry.names):
        return NAME_START
    worst = NAME
    for word in words:
        starts = {" " + word, " " + singular(word)}
        tier = next((t for t, text in enumerate(entry.tiers, start=NAME) if any(s in text for s in starts)), None)
        if tier is None:
            return None
        worst = max(worst, tier)
    return worst


class _Indexes:
    """The prepared entries of the last few catalogues and languages (each app has one; tests make many)."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._by_key: OrderedDict[tuple[int, str], tuple[Catalogue, list[_Entry], dict[str, list[str]]]] = (
            OrderedDict())
        self._lock = threading.Lock()

    def get(self, catalogue: Catalogue, language: str = "en") -> tuple[list[_Entry], dict[str, list[str]]]:
        key = (id(catalogue), language)
        with self._lock:
            found = self._by_key.get(key)
            if found is not None and found[0] is catalogue:
                return found[1], found[2]
        with force_locale(language):
            entries = [_entry(e, catalogue.owners.get(e.id, "")) for e in catalogue.exercises.values()]
        entries.sort(key=lambda entry: entry.name)  # stable: equal names keep the catalogue's order
        facet_values = _facets(entries)
        with self._lock:
            # The catalogue is kept with its entries, so its id cannot be reused while cached.
            self._by_key[key] = (catalogue, entries, facet_values)
            while len(self._by_key) > self.size:
                self._by_key.popitem(last=False)
        return entries, facet_values


_indexes = _Indexes()


def search(catalogue: Catalogue, query: Query, limit: int = 50, language: str = "en",
           within: set[str] | None = None) -> list[Exercise]:
    """Matching exercises: names that start with the words first, then names, synonyms, the rest; by name.

    ``within`` keeps only those ids (a therapist's favourites), applied before the limit.
    """
    entries, _ = _indexes.get(catalogue, language)
    if within is not None:
        entries = [e for e in entries if e.exercise.id in within]
    phrase = fold(query.text)
    words = phrase.split()
    wanted = [(i, value) for i, value in enumerate(getattr(query, name) for name in FILTERS) if value]
    if wanted:
        entries = [e for e in entries if all(value in e.values[i] for i, value in wanted)]
    if words:
        ranked = [(tier, e) for e in entries if (tier := _tier(e, words, phrase)) is not None]
        ranked.sort(key=lambda pair: pair[0])  # stable: name order kept within a tier
        entries = [e for _, e in ranked]
    return [entry.exercise for entry in entries[:limit]]


def examples(catalogue: Catalogue, language: str = "en", count: int = 3) -> list[str]:
    """A few short names that are in this library, for the search box's hint (one per kind)."""
    chosen: dict[str, str] = {}
    for exercise in catalogue.exercises.values():
        translated = exercise.translations.get(language)
        name = (translated.name if translated and translated.name else exercise.name).lower()
        if exercise.kind not in chosen or len(name) < len(chosen[exercise.kind]):
            chosen[exercise.kind] = name
    return sorted(chosen.values(), key=len)[:count]


def _distinct(values: Iterable[str]) -> list[str]:
    return sorted(set(values), key=str.lower)


def facets(catalogue: Catalogue, language: str = "en") -> dict[str, list[str]]:
    """The values each filter can take, read from the library itself (worked out once per catalogue)."""
    return {name: list(values) for name, values in _indexes.get(catalogue, language)[1].items()}


def _facets(entries: list[_Entry]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {name: [] for name in FILTERS}
    for entry in entries:
        for name, values in zip(FILTERS, entry.values, strict=True):
            found[name].extend(values)
    ordered = {name: _distinct(values) for name, values in found.items()}
    vocabulary = list(EQUIPMENT_LABELS)
    ordered["equipment"] = sorted(set(found["equipment"]), key=vocabulary.index)  # the vocabulary's order
    return ordered
