"""Shared base for the plugin data types."""

from pydantic import BaseModel, ConfigDict

ID_PATTERN = r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"
"""Namespaced ids, ``plugin.thing``: the namespace stops two plugins clashing."""

SLUG_PATTERN = r"^[a-z][a-z0-9_]*$"


class Record(BaseModel):
    """Immutable, strict about unknown fields so a typo in a data file is reported."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
