"""Page 1's routine lines agree with the table under them, at 3, 7, 13 and 15 exercises.

The shipped runner's knee routine is printed for real. Each exercise number
named in a routine line must be one whose "How often" cell says the same days,
every number must be named once, and the lines must be on page 1 of the PDF.
"""

from __future__ import annotations

import html
import re

import pytest

from clinic.handout.issue import build_snapshot
from clinic.handout.options import HandoutOptions
from clinic.handout.render import render_html, render_pdf
from clinic.handout.routine import exercise_minutes_a_day
from clinic.state import catalogue
from tests.handout_support import page_texts
from tests.routine_support import ROUTINE, routine_programme

ROUTINE_ITEM = re.compile(r'<li><strong>(?P<when>[^<]+)</strong>(?: \((?P<minutes>[^)]+)\))?: (?P<what>[^<]+)</li>')
# A row's own "How often" cell, or (when every part shares one) its part's row: "Warm-up — Every day".
TABLE_ROW = re.compile(
    r'<tr><td class="num">(?P<n>\d+)</td><td>[^<]*</td><td>[^<]*</td>(?:<td>(?P<often>[^<]+)</td>)?</tr>')
PART_ROW = re.compile(r'<tr class="section-row"><th[^>]*>[^<]*<span class="part-often">— (?P<often>[^<]+)</span>')


def _table(page: str) -> dict[int, str]:
    """Card number -> how often, as the summary table says it."""
    table, part_often = {}, None
    summary = page[page.index('<table class="summary'):]
    summary = summary[:summary.index("</table>")]
    for line in summary.splitlines():
        if part := PART_ROW.search(line):
            part_often = part["often"]
        elif row := TABLE_ROW.search(line):
            table[int(row["n"])] = row["often"] or part_often
    return table
NUMBERS = re.compile(r"exercises? ([\d, ]+?)(?: (to|and) (\d+))?(?:;|$)")


def _numbers(what: str) -> list[int]:
    """1 / 5 to 7 / 2, 5 and 7 -> the card numbers a routine line names."""
    found = []
    for part in what.split("; "):
        match = NUMBERS.search(part)
        assert match, part
        head = [int(n) for n in match.group(1).replace(" ", "").split(",") if n]
        if match.group(2) == "to":
            found += list(range(head[0], int(match.group(3)) + 1))
        else:
            found += head + ([int(match.group(3))] if match.group(3) else [])
    return found


def _days(text: str) -> int | None:
    """7 for "Every day" or "Once a day", n for "n days a week"."""
    if text is None:
        return None
    if "Every day" in text or text in ("Once a day", "Twice a day"):
        return 7
    match = re.search(r"(\d+) days? a week", text)
    return int(match.group(1)) if match else None


@pytest.mark.parametrize("count", [3, 7, 13, 15])
def test_routine_lines_agree_with_the_table(patient, therapist, count: int) -> None:
    programme = routine_programme(patient, therapist, count)
    options = HandoutOptions()
    snapshot = build_snapshot(programme, therapist, options)
    page = html.unescape(render_html(snapshot, options))
    lines = [m.groupdict() for m in ROUTINE_ITEM.finditer(page[page.index('class="schedule"'):])]
    table = _table(page)
    assert all(table.values()), table
    assert sorted(table) == list(range(1, count + 1))

    named = []
    for line in lines:
        numbers = _numbers(line["what"])
        named += numbers
        for number in numbers:
            assert _days(line["when"]) == _days(table[number]), (line, number, table[number])
    assert sorted(named) == list(range(1, count + 1))  # every card once, none twice

    by_number = {n: e for n, e in zip(range(1, count + 1), _in_print_order(snapshot), strict=True)}
    for line in lines:
        expected = sum(exercise_minutes_a_day(by_number[n]) for n in _numbers(line["what"]))
        assert line["minutes"] == f"about {max(1, -(-expected // 1)):.0f} minutes", line

    first_page = page_texts(render_pdf(snapshot, options))[0]
    for line in lines:
        assert line["when"] in first_page and line["what"].split(";")[0] in first_page
    # The protocol's own schedule prose is never what page 1 prints.
    schedule = catalogue().protocols[ROUTINE].schedule
    prose = [w for entry in schedule for w in entry.what if " " in w and w[0].isdigit()]
    prose += [f"{e.minutes.low}-{e.minutes.top} minutes" for e in schedule if e.minutes and e.minutes.high]
    assert prose
    for words in prose:
        assert words not in first_page


def _in_print_order(snapshot: dict) -> list[dict]:
    return [snapshot["exercises"][i] for section in snapshot["sections"] for i in section["exercises"]]


def test_strength_on_three_days_is_never_said_to_be_every_day(patient, therapist) -> None:
    """The contradiction found in review: the prose said strength every day, the table 3 days a week."""
    programme = routine_programme(patient, therapist, 7)
    options = HandoutOptions()
    page = html.unescape(render_html(build_snapshot(programme, therapist, options), options))
    lines = [(m["when"], m["what"]) for m in ROUTINE_ITEM.finditer(page[page.index('class="schedule"'):])]
    every_day = next(what for when, what in lines if when == "Every day")
    assert "Strength" not in every_day
    assert any("3 days a week" in when and "Strength first" in what for when, what in lines), lines
