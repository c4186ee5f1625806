"""The choices a therapist makes when printing: paper, print size, language, log sheet.

Options are part of the content key, so they are normalised here once (a form,
a patient record or the command line all end up as the same small value).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from babel import Locale, UnknownLocaleError
from flask_babel import gettext

PAPER_SIZES = ("A4", "Letter")
LANGUAGE_PATTERN_MAX = 10


def known_language(code: str) -> bool:
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


class OptionError(ValueError):
    """An option value a handout cannot be printed with; the message is shown as is."""


def unknown_language(code: str) -> str:
    """The refusal for a language Babel has no data for, in the page language."""
    return gettext("'%(language)s' is not a language clinic knows.", language=code[:20])


def _flag(value: Any, default: bool) -> bool:
    """Read a checkbox or a query-string flag; browsers send "on", scripts send "1"/"true"."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "on", "true", "yes")


@dataclass(frozen=True)
class HandoutOptions:
    paper: str = "A4"
    large_print: bool = False
    language: str = "en"
    log_sheet: bool = True

    def __post_init__(self) -> None:
        if self.paper not in PAPER_SIZES:
            raise OptionError(gettext("Paper size must be one of %(sizes)s, not '%(paper)s'.",
                                      sizes=", ".join(PAPER_SIZES), paper=self.paper[:20]))
        if not self.language.replace("_", "").isalpha() or len(self.language) > LANGUAGE_PATTERN_MAX:
            raise OptionError(gettext("'%(language)s' is not a language code such as 'en' or 'es'.",
                                      language=self.language[:20]))
        if not known_language(self.language):  # dates, plurals and weekdays need Babel's data
            raise OptionError(unknown_language(self.language))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def for_patient(cls, patient: Any) -> HandoutOptions:
        """The patient's saved preferences; a missing or odd paper size falls back to A4."""
        paper = next((p for p in PAPER_SIZES if p.lower() == str(patient.paper_size or "").lower()), "A4")
        return cls(paper=paper, large_print=bool(patient.large_print), language=patient.language or "en")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], defaults: HandoutOptions) -> HandoutOptions:
        """Apply submitted values (a form or query string) over ``defaults``.

        For a checkbox the last value wins, so a form may send a hidden "0" before
        the box: unticked sends only "0", ticked sends "0" then "1".
        """

        def last(name: str) -> Any:
            if hasattr(values, "getlist"):
                sent = values.getlist(name)
                return sent[-1] if sent else None
            return values.get(name)

        paper = last("paper") or defaults.paper
        paper = next((p for p in PAPER_SIZES if p.lower() == str(paper).lower()), str(paper))
        return cls(
            paper=paper,
            large_print=_flag(last("large_print"), defaults.large_print),
            language=str(last("language") or defaults.language),
            log_sheet=_flag(last("log_sheet"), defaults.log_sheet),
        )

    @classmethod
    def from_dict(cls, stored: Mapping[str, Any]) -> HandoutOptions:
        """Rebuild the options saved with an issued handout."""
        return cls(**{k: stored[k] for k in ("paper", "large_print", "language", "log_sheet") if k in stored})
