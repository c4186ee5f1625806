"""The therapist's three charts of a patient: sessions done per week, pain over time, outcome scores over time.

Built here, in the page's language, from the same summaries the tables show,
so a chart and its table can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from babel.dates import parse_pattern
from flask_babel import get_locale, gettext, ngettext

from clinic.services.adherence import LinkSummary
from clinic.services.outcomes import ScaleHistory
from clinic.web.charts import Chart, bar_chart, line_chart


def _day_formats() -> tuple[Callable[[date], str], Callable[[date], str]]:
    """The page language's medium date ("4 Dec 2026") and short axis label ("4 Dec").

    The patterns are parsed once per chart: a chart of months of pain formats
    two dates a point, and Flask-Babel's ``format_date`` looks the locale up
    again on every call (measured at ten times the cost).
    """
    locale = get_locale()
    medium, short = locale.date_formats["medium"], parse_pattern("d MMM")
    return (lambda day: medium.apply(day, locale)), (lambda day: short.apply(day, locale))


def adherence_chart(key: str, summary: LinkSummary) -> Chart:
    """A bar per week: the share of scheduled sessions done."""
    medium, short = _day_formats()
    bars = []
    for week in summary.weeks:
        tooltip = gettext("Week of %(day)s: %(done)d of %(scheduled)d sessions", day=medium(week.start),
                          done=week.done, scheduled=week.scheduled)
        bars.append((short(week.start), week.percent, tooltip))
    shown = [w.percent for w in summary.weeks if w.percent is not None]
    if shown:
        words = gettext("Sessions done per week, as a share of those scheduled: from %(low)d%% to %(high)d%%; "
                        "the latest week %(last)d%%.", low=min(shown), high=max(shown), last=shown[-1])
    else:
        words = gettext("No sessions were scheduled yet.")
    return bar_chart(key, gettext("Sessions done per week (%)"), words, bars)


def pain_chart(key: str, summary: LinkSummary) -> Chart | None:
    """Next-morning pain, 0-10, over every day the patient gave one; None with none."""
    points = summary.pain_history
    if not points:
        return None
    values = [pain for _, pain in points]
    words = ngettext("Pain next morning on %(num)d day with a score: %(last)d.",
                     "Pain next morning over %(num)d days with a score: from %(low)d to %(high)d; the latest %(last)d.",
                     len(points), low=min(values), high=max(values), last=values[-1])
    medium, short = _day_formats()
    return line_chart(key, gettext("Pain next morning (0-10)"), words,
                      [(day, pain, f"{medium(day)}: {pain}") for day, pain in points],
                      low=0, high=10, day_label=short)


def score_chart(key: str, history: ScaleHistory) -> Chart:
    """A scale's scores over time, on the scale's whole range."""
    rows = history.scores
    words = gettext("%(scale)s over %(n)d scores: first %(first)s, latest %(latest)s (range %(low)s to %(high)s).",
                    scale=history.short_name, n=len(rows), first=f"{rows[0].score:g}", latest=f"{rows[-1].score:g}",
                    low=f"{history.low:g}", high=f"{history.high:g}")
    medium, short = _day_formats()
    return line_chart(key, gettext("%(scale)s scores", scale=history.short_name), words,
                      [(row.day, row.score, f"{medium(row.day)}: {row.score:g}") for row in rows],
                      low=history.low, high=history.high, day_label=short)
