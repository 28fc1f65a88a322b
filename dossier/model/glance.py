"""The brief at a glance: a few large figures, each read from the data, never invented.

The figures are the number of parties, the agreements signed, the total row of a table
and the latest value of a chart over time, in that order, at most four. The deck shows
them on an "At a glance" slide when the data gives at least three.
"""

from __future__ import annotations

from dataclasses import dataclass

from .blocks import AgreementsBlock
from .brief import Brief
from .figures import ChartBlock, TableBlock, looks_numeric, printed_cell

MOST = 4
"""The most figures shown."""
FEWEST = 3
"""The fewest figures worth a slide."""
_OVER_TIME = ("column", "stacked column", "line")
"""The chart kinds whose last category is the latest value: a line, or columns whose categories all
hold a digit (years, quarters, dates)."""


@dataclass(frozen=True)
class Figure:
    """One large figure: its value as the brief's language writes it, and what it counts."""

    value: str
    caption: str
    """The author's words for it (with inline markup), or a label's key when `label` is set."""
    label: bool = False
    """Whether `caption` is the key of one of Dossier's labels (e.g. 'parties')."""


def glance(brief: Brief) -> list[Figure]:
    """The figures the data gives, at most four; none when it gives fewer than three."""
    language = brief.meeting.language
    blocks = brief.blocks()
    found: list[Figure] = []
    if len(brief.meeting.parties) > 1:
        found.append(Figure(printed_cell(str(len(brief.meeting.parties)), language), "parties", True))
    signed = sum(len(b.agreements) for b in blocks if isinstance(b, AgreementsBlock))
    if signed:
        found.append(Figure(printed_cell(str(signed), language), "agreements_signed", True))
    totals = [f for b in blocks if isinstance(b, TableBlock) and (f := _total(b, language))]
    latest = [f for b in blocks if isinstance(b, ChartBlock) and (f := _latest(b, language))]
    # one of each kind first, then the rest in order; a value shown once
    for figure in totals[:1] + latest[:1] + totals[1:] + latest[1:]:
        if _bare(figure.value) not in {_bare(f.value) for f in found}:  # a total that is also a chart's value
            found.append(figure)
    return found[:MOST] if len(found) >= FEWEST else []


def _bare(value: str) -> str:
    return value.strip().strip("*_")


def _total(table: TableBlock, language: str) -> Figure | None:
    """A table's total: the first number of its total row, captioned by the table and the column."""
    if not table.total_row:
        return None
    row = table.rows[-1]
    for k in range(1, len(row)):
        if looks_numeric(row[k]):
            return Figure(printed_cell(row[k], language), f"{table.table}: {table.headings()[k]}")
    return None


def _latest(chart: ChartBlock, language: str) -> Figure | None:
    """A chart over time: its first series' (or a stack's total) value in the last category."""
    if chart.kind not in _OVER_TIME or not chart.categories or not chart.series:
        return None
    if chart.kind != "line" and not all(any(c.isdigit() for c in category) for category in chart.categories):
        return None  # columns by country or product, not over time
    stacked = chart.kind == "stacked column" and len(chart.series) > 1
    value = sum(s.values[-1] for s in chart.series) if stacked else chart.series[0].values[-1]
    what = chart.chart if stacked or len(chart.series) == 1 else f"{chart.chart}: {chart.series[0].name}"
    unit = f" ({chart.unit})" if chart.unit and chart.unit != "%" else ""
    return Figure(chart.number(value, language), f"{what}, {chart.categories[-1]}{unit}")
