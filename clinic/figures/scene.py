"""A whole pose file: one or two panels, each a person and their props."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from clinic.exercise_data.base import Record
from clinic.figures.pose import Figure
from clinic.figures.prop_records import Prop


class Panel(Record):
    figure: Figure
    props: tuple[Prop, ...] = ()
    floor: bool = True  # most scenes stand on a floor; lying ones need it too


class Scene(Record):
    """A whole picture. ``title`` is what the SVG's <title> says (it is not drawn)."""

    title: Annotated[str, Field(min_length=1, max_length=200)]
    panels: tuple[Panel, ...] = Field(min_length=1, max_length=2)
    # Two panels sit side by side, or one above the other when both are wide and low.
    layout: Literal["auto", "row", "column"] = "auto"
