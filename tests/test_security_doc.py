"""docs/security.md names a test for every claim; each named test must exist, so the page cannot drift."""

from __future__ import annotations

import re

from clinic.config import PROJECT_ROOT

DOC = (PROJECT_ROOT / "docs" / "security.md").read_text(encoding="utf-8")
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)((?:::\w+)*)`")


def test_every_test_the_page_names_exists() -> None:
    references = REFERENCE.findall(DOC)
    assert len(references) > 30
    for path, names in references:
        source = (PROJECT_ROOT / path).read_text(encoding="utf-8")
        for name in filter(None, names.split("::")):
            assert re.search(rf"^\s*(def|class) {name}\b", source, re.M), f"{path}::{name} is named but missing"


def test_every_bare_test_name_exists_in_the_file_named_before_it() -> None:
    """Rows list further tests of the same file as bare names: `test_x`."""
    for row in DOC.splitlines():
        files = REFERENCE.findall(row)
        for name in re.findall(r"`(test_\w+)`", row):
            assert any(re.search(rf"^\s*def {name}\b", (PROJECT_ROOT / path).read_text(encoding="utf-8"), re.M)
                       for path, _ in files), f"{name} is not in any file named on its row"
