"""Every card's picture is drawn on its page: none is lost when a card moves to the next page.

WeasyPrint kept the drawing of a floated picture at the place it had on the
page the card was first tried on, below the bottom of the next page, when the
first card of a part was pushed down with its heading: the card printed
without its picture, while the tag tree still named it. The drawing of each
``Figure`` is found in its page's content (by its marked-content id) and its
position is checked against the page.
"""

from __future__ import annotations

import io
import re

import pikepdf
import pytest

from clinic.config import PROJECT_ROOT
from tests.handout_support import page_texts

FIRST_MOVE = re.compile(rb"BDC\s*q\s*/\w+ gs\s*1 0 0 1 (-?[\d.]+) (-?[\d.]+) cm")
# WeasyPrint draws a page in CSS pixels under one scale to points; a drawing's move is in pixels.
PAGE_SCALE = re.compile(rb"^1 0 0 -1 0 [\d.]+ cm\s*q\s*([\d.]+) 0 0 [\d.]+ 0 0 cm")


def figure_positions(pdf: bytes) -> list[tuple[str, int, float, float, float, float]]:
    """(alt text, page number, x, y, page width, page height) of each figure's drawing."""
    document = pikepdf.open(io.BytesIO(pdf))
    pages = {page.objgen: number for number, page in enumerate(document.pages, start=1)}
    found = []

    def walk(element: object, page: object = None) -> None:
        if isinstance(element, pikepdf.Array):
            for child in element:
                walk(child, page)
        elif isinstance(element, pikepdf.Dictionary):
            page = element.get("/Pg", page)
            if element.get("/S") == "/Figure":
                found.append((element, page))
            if "/K" in element:
                walk(element.K, page)

    walk(document.Root.StructTreeRoot)
    positions = []
    for figure, page in found:
        kids = figure.K if isinstance(figure.K, pikepdf.Array) else [figure.K]
        mcid = next(int(k) if isinstance(k, int) else int(k.MCID) for k in kids)
        content = pikepdf.Page(page).obj.Contents
        parts = content if isinstance(content, pikepdf.Array) else [content]
        stream = b"".join(part.read_bytes() for part in parts)
        match = re.search(rb"/MCID " + str(mcid).encode() + rb"\s*>>\s*" + FIRST_MOVE.pattern, stream)
        assert match, f"no drawing found for the figure '{figure.get('/Alt')}'"
        box = [float(v) for v in pikepdf.Page(page).mediabox]
        scaled = PAGE_SCALE.match(stream)
        scale = float(scaled.group(1)) if scaled else 1.0
        positions.append((str(figure.get("/Alt", "")), pages[page.objgen], float(match.group(1)) * scale,
                          float(match.group(2)) * scale, box[2], box[3]))
    return positions


def _off_page(pdf: bytes) -> list[str]:
    return [f"page {number}: {alt[:40]} at ({x:.0f}, {y:.0f})"
            for alt, number, x, y, width, height in figure_positions(pdf)
            if not (0 <= x < width and 0 <= y < height)]


@pytest.mark.parametrize(("paper", "large"), [("A4", False), ("Letter", False), ("A4", True), ("Letter", True)])
def test_every_picture_of_the_whole_routine_is_drawn_on_its_page(printed, paper, large):
    pdf = printed(paper, large).pdf
    assert len(figure_positions(pdf)) >= 13
    assert _off_page(pdf) == []


def test_the_first_card_of_a_part_pushed_to_the_next_page_keeps_its_picture(runner, tmp_path):
    """The case that showed it: the calf stretch's three levels, the first pushed below the summary."""
    out = tmp_path / "calf.pdf"
    result = runner.invoke(args=["preview", str(PROJECT_ROOT / "plugins" / "runners_knee"),
                                 "--exercise", "calf_stretch", "-o", str(out)])
    assert result.exit_code == 0, result.output
    pdf = out.read_bytes()
    assert len(figure_positions(pdf)) == 3
    assert _off_page(pdf) == []


def test_a_caption_prints_under_its_picture_in_english_and_never_as_english_in_another_language(runner, tmp_path):
    from clinic.state import catalogue

    caption = catalogue().exercises["common_exercises.heel_raise"].pictures[0].caption
    assert caption
    texts = {}
    for language in ("en", "es"):
        out = tmp_path / f"{language}.pdf"
        result = runner.invoke(args=["preview", str(PROJECT_ROOT / "plugins" / "common_exercises"),
                                     "--exercise", "heel_raise", "--language", language, "-o", str(out)])
        assert result.exit_code == 0, result.output
        texts[language] = " ".join(" ".join(page_texts(out.read_bytes())).split())
    assert caption in texts["en"]
    assert caption not in texts["es"]  # no Spanish caption yet: left out, not printed in English
