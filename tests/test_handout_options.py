"""Handout options from forms, patients and stored records; the PDF file cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from clinic.exercise_data.snapshot import HandoutSnapshot
from clinic.handout.changes import compare_snapshots
from clinic.handout.options import HandoutOptions, OptionError
from clinic.models import Patient
from clinic.pdf_cache import HandoutCache

DEFAULTS = HandoutOptions(paper="Letter", large_print=True, language="es", log_sheet=True)


def test_missing_fields_keep_the_defaults() -> None:
    assert HandoutOptions.from_mapping(MultiDict(), DEFAULTS) == DEFAULTS


def test_checkbox_with_hidden_zero_reads_the_last_value() -> None:
    unticked = MultiDict([("log_sheet", "0"), ("large_print", "0")])
    ticked = MultiDict([("log_sheet", "0"), ("log_sheet", "1"), ("large_print", "0"), ("large_print", "on")])
    assert HandoutOptions.from_mapping(unticked, DEFAULTS).log_sheet is False
    assert HandoutOptions.from_mapping(unticked, DEFAULTS).large_print is False
    assert HandoutOptions.from_mapping(ticked, DEFAULTS).log_sheet is True
    assert HandoutOptions.from_mapping(ticked, DEFAULTS).large_print is True


def test_paper_is_matched_without_case_and_checked() -> None:
    assert HandoutOptions.from_mapping({"paper": "a4"}, DEFAULTS).paper == "A4"
    with pytest.raises(OptionError, match="Paper size must be one of A4, Letter"):
        HandoutOptions.from_mapping({"paper": "A3"}, DEFAULTS)
    with pytest.raises(OptionError, match="not a language code"):
        HandoutOptions.from_mapping({"language": "en;<script>"}, DEFAULTS)


def test_patient_preferences_are_the_defaults() -> None:
    patient = Patient(display_name="A B", paper_size="letter", large_print=True, language="es")
    assert HandoutOptions.for_patient(patient) == HandoutOptions("Letter", True, "es", True)
    odd = Patient(display_name="A B", paper_size="B5", large_print=False, language="")
    assert HandoutOptions.for_patient(odd) == HandoutOptions()


def test_stored_options_round_trip() -> None:
    assert HandoutOptions.from_dict(DEFAULTS.as_dict()) == DEFAULTS


def test_cache_round_trip_prune_and_key_check(tmp_path: Path) -> None:
    cache = HandoutCache(tmp_path / "c", max_files=2)
    keys = [f"{n:064x}" for n in range(3)]
    assert cache.get(1, keys[0]) is None
    for age, key in enumerate(keys):
        cache.put(1 + age % 2, key, f"%PDF {key}".encode())  # one bound across the clinics' folders
        os.utime(cache.folder / str(1 + age % 2) / f"{key}.pdf", (1000 + age, 1000 + age))
    cache.put(1, keys[2], b"%PDF again")  # prunes down to the two newest
    assert cache.get(1, keys[0]) is None
    assert cache.get(1, keys[2]) == b"%PDF again"
    assert cache.get(2, keys[1]) is not None and cache.get(2, keys[2]) is None  # each clinic its own entries
    assert not list(cache.folder.rglob("*.part"))
    with pytest.raises(ValueError):
        cache.get(1, "../../etc/passwd")


def _snapshot(*exercises: tuple[str, str, int, str]) -> HandoutSnapshot:
    return HandoutSnapshot(date="2026-11-01", exercises=[
        {"id": i, "name": name, "base_name": i, "level": {"step": step}, "dosage_text": dose}
        for i, name, step, dose in exercises])


def test_compare_snapshots_names_each_kind_of_change() -> None:
    old = _snapshot(("a", "A", 0, "2 sets"), ("b", "B", 0, "3 sets"), ("c", "C", 0, "1 set"))
    new = _snapshot(("a", "A", 0, "2 sets"), ("b", "B+", 1, "3 sets"), ("d", "D", 0, "1 set"))
    assert compare_snapshots(old, old) is None
    changes = compare_snapshots(old, new)
    assert changes is not None
    assert changes.model_dump() == {"previous_date": "2026-11-01", "added": ("D",), "removed": ("C",),
                                    "level": ({"name": "b", "before": "B", "after": "B+"},), "dosage": (),
                                    "sessions_done": None, "sessions_scheduled": None}
