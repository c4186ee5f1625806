"""Safety wording on the printed handout: cautions and mistakes under their own headings.

The shipped plugins are printed for real (15 exercises, every card) and the PDF
text read back, so a safety line filed as a mistake, or a template that merges
the two lists again, shows up as the line that prints under the wrong heading.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clinic.contributor.check import check_plugin
from clinic.contributor.wording import reads_like_mistake
from clinic.db import db
from clinic.handout.issue import build_snapshot
from clinic.handout.options import HandoutOptions
from clinic.handout.render import render_pdf
from clinic.models import Clinic
from tests.handout_support import page_texts
from tests.plugin_factory import exercise_toml, write_plugin
from tests.routine_support import pdf_lines, routine_programme

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"
MISTAKES = "Mistakes to avoid"
SAFE = "Stay safe"
# Where a card's list ends: the next heading or label on the card.
# Cards may set the two lists side by side, so any card label or numbered step ends a list.
CARD_LABELS = (f"{SAFE}:", f"{MISTAKES}:", "Tips:", "Your level:", "What you should feel:", "If this is too hard:",
               "When this is easy:", "Note from your therapist:", "Start:")
INSTRUCTION_OPENINGS = ("Stop", "Stand near", "Hold on", "Hold the", "Keep a hand", "Come up", "Use a",
                        "Put a", "If you")


def _under(lines: list[str], heading: str) -> list[list[str]]:
    """Each list printed under ``heading``: its lines up to the next card label.

    A single line prints beside its label ("Stay safe: Stop if..."), a longer list under it.
    """
    found, current = [], None
    label = f"{heading}:"
    for line in lines:
        if line.startswith(label):
            current = []
            found.append(current)
            if rest := line[len(label):].strip():
                current.append(rest)
        elif current is not None and line.startswith(CARD_LABELS):
            current = None
        elif current is not None:
            current.append(line.lstrip("•· ").strip())
    return found


def _handout_lines(patient, therapist, large_print: bool = False) -> list[str]:
    programme = routine_programme(patient, therapist, 15)
    options = HandoutOptions(large_print=large_print)
    pdf = render_pdf(build_snapshot(programme, therapist, options), options)
    return [line for page in pdf_lines(pdf) for line in page]


def test_no_instruction_prints_under_mistakes_on_any_card(patient, therapist) -> None:
    lines = _handout_lines(patient, therapist)
    mistake_lists = _under(lines, MISTAKES)
    assert len(mistake_lists) == 15  # every shipped exercise has mistakes: one heading per card
    for items in mistake_lists:
        assert items
        for line in items:
            assert not line.startswith(INSTRUCTION_OPENINGS), line
    assert "Avoid:" not in lines


def test_safety_lines_print_under_stay_safe(patient, therapist) -> None:
    lines = _handout_lines(patient, therapist, large_print=True)
    safe = [" ".join(items) for items in _under(lines, SAFE)]
    assert len(safe) == 15
    assert any("Stop and rest if you feel dizzy, short of breath or have chest pain." in s for s in safe)
    assert any("Stand near a wall in case you lose your balance." in s for s in safe)
    for text in safe:
        assert not reads_like_mistake(text), text


def test_shipped_plugins_file_every_line_under_the_right_heading() -> None:
    for name in ("runners_knee", "warmups"):
        check = check_plugin(PLUGINS / name, [PLUGINS])
        wrong = [str(w) for w in check.warnings if "will print under" in w.message]
        assert wrong == [], wrong


def test_check_plugin_warns_when_a_line_reads_like_the_other_kind(tmp_path) -> None:
    body = exercise_toml(name="Bridge").replace(
        "\n[dosage]",
        '\nmistakes = ["Stop if you feel dizzy.", "Letting your knees fall in."]\n'
        'cautions = ["Holding your breath.", "Hold a chair."]\n\n[dosage]',
    )
    folder = write_plugin(tmp_path / "plugins", "hips", exercises={"bridge": body})
    warnings = [str(w) for w in check_plugin(folder, [tmp_path / "plugins"]).warnings]
    assert any("field 'mistakes[0]'" in w and "reads like an instruction" in w for w in warnings), warnings
    assert any("field 'cautions[0]'" in w and "reads like a mistake" in w for w in warnings), warnings
    assert not any("mistakes[1]" in w or "cautions[1]" in w for w in warnings), warnings


def _pdf(patient, therapist, count: int, large_print: bool) -> bytes:
    programme = routine_programme(patient, therapist, count)
    options = HandoutOptions(large_print=large_print)
    return render_pdf(build_snapshot(programme, therapist, options), options)


@pytest.mark.parametrize("large_print", [False, True])
def test_get_help_now_with_the_emergency_number_is_on_page_1_or_2(patient, therapist, large_print) -> None:
    clinic = db.session.get(Clinic, patient.clinic_id)
    clinic.country = "GB"
    db.session.commit()
    pages = page_texts(_pdf(patient, therapist, 15, large_print))
    front = " ".join(pages[:2])
    assert "Get help now" in front
    assert "Get help now: Call 999 now, or go to the emergency room" in front
    assert "Chest pain, trouble breathing, or feeling dizzy or faint" in front
    assert "You hurt your knee and now cannot put weight on that leg." in front  # the protocol's own urgent signs
    assert "Other worries: 555-0199" in front  # the clinic's phone
    pointer = re.search(r"When to get help, page (\d+)\.", front)
    assert pointer, front
    help_page = pages[int(pointer.group(1)) - 1]
    assert "When to get help" in help_page
    assert "Call 999 now" in help_page  # the full help page names the number too


def test_the_clinics_own_number_wins_and_no_number_says_local(patient, therapist) -> None:
    clinic = db.session.get(Clinic, patient.clinic_id)
    clinic.country, clinic.emergency_number = "US", "112"
    db.session.commit()
    assert "Call 112 now" in page_texts(_pdf(patient, therapist, 3, False))[0]
    clinic.country, clinic.emergency_number = "", ""
    db.session.commit()
    programme = routine_programme(patient, therapist, 3)
    snapshot = build_snapshot(programme, therapist, HandoutOptions())
    assert snapshot["clinic"]["emergency_number"] == ""
    text = " ".join(page_texts(render_pdf(snapshot, HandoutOptions())))
    assert "Call your local emergency number now" in text and "Call  now" not in text
