"""Fill empty (or fuzzy) msgstrs of one language from a Python table, marked as not yet reviewed.

    .venv/bin/python scripts/fill_translations.py es table.py

``table.py`` defines ``ES = {msgid: msgstr}`` (a plural msgid and msgstr are tuples).
Only entries that are empty or fuzzy are filled, so a reviewed translation is never
overwritten; each filled entry gets the translator comment ``unreviewed`` (see
docs/languages.md). Entries still empty afterwards are listed, and the exit code is 1.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

UNREVIEWED = "unreviewed"


def _empty(message) -> bool:  # type: ignore[no-untyped-def]
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return message.fuzzy or not all(strings)


def main(language: str, table_path: str) -> int:
    po_path = Path("clinic/translations") / language / "LC_MESSAGES" / "messages.po"
    table = runpy.run_path(table_path)[language.upper()]
    with po_path.open("rb") as handle:
        catalogue = read_po(handle)
    left = []
    for message in catalogue:
        if not message.id or not _empty(message):
            continue
        if message.id in table:
            message.string = table[message.id]
            message.flags.discard("fuzzy")
            message.previous_id = []
            if UNREVIEWED not in message.user_comments:
                message.user_comments.append(UNREVIEWED)
        else:
            left.append(message.id)
    with po_path.open("wb") as handle:
        write_po(handle, catalogue, ignore_obsolete=True, width=100)  # as `make i18n-update`
    for msgid in left:
        print(f"still empty: {msgid!r}")
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
