"""Read a plugin's data files (TOML) into validated records.

Contributors are often clinicians, so every error names the file, the field and,
where it can be found, the line, in words rather than a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, get_args

import tomli
from pydantic import BaseModel, ValidationError

from clinic.exercise_data.exercise import Exercise
from clinic.exercise_data.protocol import Protocol

T = TypeVar("T", bound=BaseModel)

EXERCISES_DIR = "exercises"
PROTOCOLS_DIR = "protocols"


@dataclass(frozen=True)
class DataProblem:
    """One thing wrong in one data file."""

    file: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.message}"


class PluginDataError(Exception):
    """Raised with every problem found, so a contributor can fix them all in one go."""

    def __init__(self, problems: list[DataProblem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def _field_path(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)


def _table_start(text: str, loc: tuple[Any, ...]) -> int:
    """Where the table that ``loc`` points into starts.

    ``("levels", 1, ...)`` is in the second ``[[levels]]``; ``("dosage", ...)`` in
    ``[dosage]``; ``("levels", 0, "dosage", ...)`` in the first level's ``[levels.dosage]``.
    """
    start, names = 0, []
    for key, following in zip(loc[:-1], loc[1:], strict=False):
        if not isinstance(key, str):
            continue
        names.append(key)
        dotted = r"\s*\.\s*".join(re.escape(n) for n in names)
        if isinstance(following, int):
            headers = list(re.finditer(rf"^\s*\[\[\s*{dotted}\s*\]\]", text[start:], re.M))
            if len(headers) <= following:
                break
            start += headers[following].end()
            names = []
        else:
            header = re.compile(rf"^\s*\[\s*{dotted}\s*\]", re.M).search(text, start)
            if header is not None:
                start, names = header.end(), []
    return start


def _find_line(text: str, loc: tuple[Any, ...]) -> int | None:
    """The line that sets the deepest named key of ``loc``, inside the table it belongs to when there is one."""
    start = _table_start(text, loc)
    for key in reversed([k for k in loc if isinstance(k, str)]):
        pattern = re.compile(rf"^\s*(\[+\s*)?([\w.]*\.)?{re.escape(key)}\s*(=|\]+)", re.M)
        match = pattern.search(text, start) or pattern.search(text)
        if match:
            return text.count("\n", 0, match.start()) + 1
    return None


def _model_at(model: type[BaseModel], path: tuple[Any, ...]) -> type[BaseModel] | None:
    """The record type that holds the field at ``path`` (``("levels", 0)`` gives ``Level``)."""
    current: Any = model
    for key in path:
        if isinstance(key, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or key not in current.model_fields:
            return None
        current = _record_type(current.model_fields[key].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _record_type(annotation: Any) -> Any:
    """The BaseModel inside ``Level | None``, ``tuple[Level, ...]`` and the like."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _record_type(arg)
        if found is not None:
            return found
    return None


def _unknown_field(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """Which table an unknown key is in, what that table takes, and where the key would belong instead."""
    holder = _model_at(model, loc[:-1])
    if holder is None:
        return "is not a field of this format (check the spelling)"
    key = loc[-1]
    table = "the file's top level" if holder is model else f"a {holder.__name__}"
    message = f"is not a field of {table} (check the spelling)"
    elsewhere = [name for name, info in model.model_fields.items()
                 if (sub := _record_type(info.annotation)) is not None and key in sub.model_fields]
    if isinstance(key, str) and key in model.model_fields and holder is not model:
        message += f"; '{key}' goes at the top of the file, before any [table]"
    elif elsewhere:
        many = "tuple" in str(model.model_fields[elsewhere[0]].annotation)
        header = f"[[{elsewhere[0]}]]" if many else f"[{elsewhere[0]}]"
        message += f"; '{key}' is a field of {header}"
    return f"{message}. It takes: {', '.join(holder.model_fields)}"


def _plain_message(error: dict[str, Any]) -> str:
    message = str(error["msg"])
    if error["type"] == "extra_forbidden":
        return "is not a field of this format (check the spelling)"
    if error["type"] == "missing":
        return "is required but missing"
    return message.removeprefix("Value error, ")


def read_toml(path: Path, display: str) -> tuple[dict[str, Any], str]:
    """Parse one file; a syntax error becomes a DataProblem with its line."""
    return _parse_toml(path.read_bytes(), display)


def _parse_toml(raw: bytes, display: str) -> tuple[dict[str, Any], str]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise PluginDataError([DataProblem(display, "", "is not UTF-8 text; save it with UTF-8 encoding",
                                           line)]) from None
    try:
        return tomli.loads(text), text
    except tomli.TOMLDecodeError as exc:
        line_match = re.search(r"line (\d+)", str(exc))
        line = int(line_match.group(1)) if line_match else None
        raise PluginDataError([DataProblem(display, "", f"not valid TOML: {exc}", line)]) from None


def validate_record(model: type[T], data: dict[str, Any], text: str, display: str) -> T:
    """Validate ``data`` as ``model``, turning pydantic errors into DataProblems."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [
            DataProblem(
                display,
                _field_path(err["loc"]),
                _unknown_field(model, err["loc"]) if err["type"] == "extra_forbidden" else _plain_message(err),
                _find_line(text, err["loc"]),
            )
            for err in exc.errors()
        ]
        raise PluginDataError(problems) from None


def _load_dir(root: Path, namespace: str, sub: str, model: type[T]) -> list[T]:
    records: list[T] = []
    problems: list[DataProblem] = []
    folder = root / sub
    if not folder.is_dir():
        return records
    files = sorted(p for p in folder.iterdir() if p.suffix == ".toml")
    translations: dict[str, list[Path]] = {}
    for path in files:
        if path.name.count(".") > 1:  # clamshell.es.toml: a translation of clamshell.toml
            translations.setdefault(path.name.split(".", 1)[0], []).append(path)
    real_root = root.resolve()
    for path in files:
        if path.name.count(".") > 1:
            continue
        display = f"{root.name}/{sub}/{path.name}"
        try:
            raw = path.read_bytes()
            extras = tuple((extra.name, extra.read_bytes()) for extra in translations.get(path.stem, []))
            record = _record(model, f"{namespace}.{path.stem}", raw, extras, display, f"{root.name}/{sub}")
            # Pictures are checked on every load: they are other files, which the record's key does not cover.
            problems.extend(check_picture_files(real_root, record, display, raw.decode("utf-8")))
            records.append(record)
        except PluginDataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise PluginDataError(problems)
    return records


@lru_cache(maxsize=4096)
def _record(model: type[T], default_id: str, raw: bytes, extras: tuple[tuple[str, bytes], ...],
            display: str, display_dir: str) -> T:
    """One data file (and its translations) parsed and validated, remembered by its bytes.

    The result depends on nothing but the arguments and is frozen, so every app of a
    process can share it: the studio reloads plugins after each save, and the test
    suite creates an app per test, and both then re-parse only the files that changed.
    A file with errors raises each time (``lru_cache`` keeps no exception).
    """
    data, text = _parse_toml(raw, display)
    data.setdefault("id", default_id)
    _merge_translations(extras, data, display_dir)
    return validate_record(model, data, text, display)


def _merge_translations(extras: tuple[tuple[str, bytes], ...], data: dict[str, Any], display_dir: str) -> None:
    """Fold ``name.LANG.toml`` files (name and bytes) into the record's ``translations`` table."""
    for name, raw in extras:
        language = name.split(".")[1]
        translated, _ = _parse_toml(raw, f"{display_dir}/{name}")
        table = data.setdefault("translations", {})
        if not isinstance(table, dict):  # leave the wrong value for validation to report
            return
        table[language] = translated


def check_picture_files(real_root: Path, record: BaseModel, display: str, text: str) -> list[DataProblem]:
    """Every picture a record names must exist inside the plugin folder."""
    problems = []
    for loc, file in _picture_files(record):
        target = real_root / file
        if ".." in Path(file).parts or not target.is_file():
            problems.append(
                DataProblem(display, loc, f"picture file '{file}' not found in the plugin folder",
                            _find_line(text, ("file",)))
            )
    return problems


def _picture_files(record: BaseModel) -> list[tuple[str, str]]:
    if not isinstance(record, Exercise):
        return []
    found = [(f"pictures[{i}].file", p.file) for i, p in enumerate(record.pictures)]
    found += [
        (f"levels[{i}].picture.file", lv.picture.file)
        for i, lv in enumerate(record.levels)
        if lv.picture is not None
    ]
    return found


def load_exercises(root: Path, namespace: str) -> list[Exercise]:
    """Load every ``exercises/*.toml`` of a plugin folder."""
    return _load_dir(root, namespace, EXERCISES_DIR, Exercise)


def load_protocols(root: Path, namespace: str) -> list[Protocol]:
    """Load every ``protocols/*.toml`` of a plugin folder."""
    return _load_dir(root, namespace, PROTOCOLS_DIR, Protocol)
