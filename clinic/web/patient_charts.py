"""The therapist's three charts of a patient: sessions done per week, pain over time, outcome scores over time.

Built here, in the page's language, from the same summaries the tables show,
so a chart and its table can never disagree.
"""

from __future__ import annotations

from datetime import date

from flask_babel import format_date, gettext, ngettext

from clinic.services.adherence import LinkSummary
from clinic.services.outcomes import ScaleHistory
from clinic.web.charts import Chart, bar_chart, line_chart


def _short(day: date) -> str:
    return format_date(day, "d MMM")


def adherence_chart(key: str, summary: LinkSummary) -> Chart:
    """A bar per week: the share of scheduled sessions done."""
    bars = []
    for week in summary.weeks:
        when = format_date(week.start, "medium")
        tooltip = gettext("Week of %(day)s: %(done)d of %(scheduled)d sessions", day=when, done=week.done,
                          scheduled=week.scheduled)
        bars.append((_short(week.start), week.percent, tooltip))
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
    return line_chart(key, gettext("Pain next morning (0-10)"), words,
                      [(day, pain, f"{format_date(day, 'medium')}: {pain}") for day, pain in points],
                      low=0, high=10, day_label=_short)


def score_chart(key: str, history: ScaleHistory) -> Chart:
    """A scale's scores over time, on the scale's whole range."""
    rows = history.scores
    words = gettext("%(scale)s over %(n)d scores: first %(first)s, latest %(latest)s (range %(low)s to %(high)s).",
                    scale=history.short_name, n=len(rows), first=f"{rows[0].score:g}", latest=f"{rows[-1].score:g}",
                    low=f"{history.low:g}", high=f"{history.high:g}")
    return line_chart(key, gettext("%(scale)s scores", scale=history.short_name), words,
                      [(row.day, row.score, f"{format_date(row.day, 'medium')}: {row.score:g}") for row in rows],
                      low=history.low, high=history.high, day_label=_short)
