"""Page layout of a long handout, read back from the PDF: the page budget, whole cards, headings
kept with their first card, the summary on one page.

The handout is the whole runner's knee routine from plugins/ (13 exercises, every optional one
included), printed once per paper and print size (the ``printed`` fixture, tests/routine_print.py).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from clinic.db import db
from clinic.handout.issue import build_snapshot
from clinic.handout.options import HandoutOptions
from clinic.handout.render import render_pdf
from tests.handout_support import page_texts
from tests.routine_support import routine_programme

# Issue 13's budget for 13 exercises, log sheet included.
BUDGET = {False: 11, True: 17}
COMBOS = [(paper, large) for large in (False, True) for paper in ("A4", "Letter")]


class CardText(HTMLParser):
    """The text of each exercise card in the handout HTML: its heading and its last words."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[dict[str, str]] = []
        self._depth = 0
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" and ("class", "card") in attrs:
            self.cards.append({"heading": "", "text": ""})
            self._depth = 1
        elif self._depth:
            self._depth += tag not in ("img", "br")
            self._in_heading = self._in_heading or tag == "h3"

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1
            if tag == "h3":
                self._in_heading = False

    def handle_data(self, data: str) -> None:
        if self._depth:
            card = self.cards[-1]
            card["text"] += data
            if self._in_heading:
                card["heading"] += data


def squash(text: str) -> str:
    return " ".join(text.split())


def _cards(html: str) -> list[dict[str, str]]:
    parser = CardText()
    parser.feed(html)
    return [{"heading": squash(c["heading"]), "end": squash(c["text"])[-80:]} for c in parser.cards]


def _page_of(pages: list[str], text: str) -> int:
    return next(i for i, page in enumerate(pages) if text in page)


@pytest.mark.parametrize(("paper", "large"), COMBOS)
def test_no_card_is_split_across_pages(printed, paper: str, large: bool) -> None:
    html, pages = printed(paper, large).html, printed(paper, large).pages
    cards = _cards(html)
    assert len(cards) == 13
    for card in cards:
        assert any(card["heading"] in page and card["end"] in page for page in pages), (
            f"{card['heading']} does not end on the page it starts ({paper}, large={large})")


# Pages printed today: a guard against layout changes that add pages back (was 19/19/28/30).
PRINTED_TODAY = {("A4", False): 11, ("Letter", False): 11, ("A4", True): 19, ("Letter", True): 20}


@pytest.mark.parametrize(("paper", "large"), COMBOS)
def test_thirteen_exercises_print_on_no_more_pages_than_today(printed, paper: str, large: bool) -> None:
    pages = printed(paper, large).pages
    assert "Your weekly log" in " ".join(pages[-2:])
    assert len(pages) <= PRINTED_TODAY[paper, large], f"{len(pages)} pages"


LARGE_PRINT_OVER = pytest.mark.xfail(
    strict=True, reason="one large-print card is 0.55-0.85 of a page, so 13 cards need 13 pages; see docs/handout.md")


@pytest.mark.parametrize(("paper", "large"), [
    pytest.param(paper, large, marks=[LARGE_PRINT_OVER] if large else []) for paper, large in COMBOS])
def test_thirteen_exercises_fit_the_page_budget(printed, paper: str, large: bool) -> None:
    assert len(printed(paper, large).pages) <= BUDGET[large]


@pytest.mark.parametrize(("paper", "large"), COMBOS)
def test_each_routine_heading_shares_a_page_with_its_first_card(printed, paper: str, large: bool) -> None:
    html, pages = printed(paper, large).html, printed(paper, large).pages
    cards = _cards(html)
    for title, index in (("Warm-up", 0), ("Strength first", 2), ("Stretch after", 7)):
        card = cards[index]
        assert any(title in page and card["heading"] in page and card["end"] in page for page in pages), (
            f"{title} is not on the page of {card['heading']}")


def _summary_page_rows(pages: list[str]) -> str:
    header = "# Exercise How much"
    page = _page_of(pages, header)
    return pages[page][pages[page].index(header):]


# The summary stays on one page up to 12 exercises; with 13, large print may run on (below).
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_summary_table_is_on_one_page(printed, paper: str) -> None:
    rows = _summary_page_rows(printed(paper, False).pages)
    for name in ("Brisk walk", "Wall sit", "Figure-4 buttock stretch"):
        assert name in rows


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_large_print_summary_of_twelve_is_on_one_page(patient, therapist, paper: str) -> None:
    programme = routine_programme(patient, therapist, 13)
    programme.items.remove(next(i for i in programme.items if i.exercise_id.endswith("figure_four_stretch")))
    db.session.commit()
    options = HandoutOptions(paper=paper, large_print=True)
    rows = _summary_page_rows(page_texts(render_pdf(build_snapshot(programme, therapist, options), options)))
    for name in ("Brisk walk", "Wall sit", "Calf stretch at a wall"):
        assert name in rows


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_long_large_print_summary_runs_on_under_its_head(printed, paper: str) -> None:
    pages = printed(paper, True).pages
    holding = [page for page in pages if "# Exercise How much" in page]
    assert len(holding) == 2, "13 rows in large print run on to one more page, the head repeated"
    assert "Brisk walk" in holding[0] and "Figure-4 buttock stretch" in holding[1]


class ColumnHeads(HTMLParser):
    """The column heads of the log sheet's tables."""

    def __init__(self) -> None:
        super().__init__()
        self.heads: list[str] = []
        self._in_log = self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section" and ("class", "log") in attrs:
            self._in_log = True
        elif self._in_log and tag == "th" and ("class", "tick-head") in attrs:
            self._in_head = True
            self.heads.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "th":
            self._in_head = False
        elif tag == "section":
            self._in_log = False

    def handle_data(self, data: str) -> None:
        if self._in_head:
            self.heads[-1] += data


@pytest.mark.parametrize(("paper", "large", "most_pages"), [("A4", False, 1), ("Letter", True, 2)])
def test_log_sheet_columns_are_named_exercises_with_rest_days(printed, paper: str, large: bool,
                                                               most_pages: int) -> None:
    html, pages = printed(paper, large).html, printed(paper, large).pages
    parser = ColumnHeads()
    parser.feed(html)
    names = [squash(c["heading"]) for c in _cards(html)]
    assert [squash(h) for h in parser.heads] == names  # "3 Clamshells": number and name, no key
    log_pages = pages[_page_of(pages, "Your weekly log"):]
    assert len(log_pages) <= most_pages
    log = " ".join(log_pages)
    assert "= Brisk walk" not in log
    assert "More than 3 is too much: follow the pain rule on page 1." in log
    # One grey "rest" cell per day an exercise is not done (from its days a week), plus the line saying so.
    rest_cells = html.count('<td class="rest">')
    assert rest_cells >= 5 * 4  # at least the five strength moves, 3 days a week
    assert log.count("rest") == rest_cells + 1


def test_days_a_week_are_spread_from_monday() -> None:
    from clinic.handout.log_sheet import spread_days

    assert spread_days(3) == (True, False, True, False, True, False, False)  # Mon, Wed, Fri
    assert spread_days(2) == (True, False, False, True, False, False, False)  # Mon, Thu
    assert spread_days(7) == spread_days(None) == (True,) * 7
