"""Extra handout sections that plugins add (for example general safety advice)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from clinic.exercise_data.base import Record

Position = Literal["after_glance", "after_exercises", "before_help", "end"]


class HandoutSection(Record):
    """Plain text only: plugins never inject HTML into a patient's handout."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]*$")]
    title: Annotated[str, Field(min_length=1, max_length=200)]
    position: Position = "before_help"
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
