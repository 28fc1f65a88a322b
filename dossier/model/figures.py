"""Figures: a table of data and a chart, each written in the YAML or read from a CSV file.

A table is `- table: <caption>` with `columns:` and `rows:`; a chart is
`- chart: <caption>` with `kind:`, `categories:` and `series:`. Either may take
`csv: file.csv` (beside the brief) instead of its data: the loader reads it in.
Scalars are read as text, so numbers are parsed here, on purpose, one by one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from .localize import FORMAT, MAX_DECIMALS, Pattern, excel_code, number
from .markup import to_plain
from .meeting import printed_date
from .status import WORDS, Mark, mark, written_status
from .sources import SourceText
from .text import Messaged, Prose, Strict, Text, Title, _printable

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_CELL_NUMBER = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+|\d+|(?=\.))(\.\d+)?(%?)")
_FORMAT = re.compile(FORMAT)
_FORMAT_HABIT = re.compile(r"(?:#[ \u00a0\u202f.'](##0)|0)(?:[.,](0{1,4}))?")
"""A format written with another country's marks: '0,0', '# ##0', '#.##0,00'."""
MAX_SERIES = 60
"""The most series a chart shows: more cannot be read, and holds a render for minutes."""
MAX_POINTS = 1000
"""The most categories (values per series) a chart shows."""
MAX_VALUES = 2000
"""The most values a chart shows in all (series times categories): each is a bar or point to draw."""
MAX_SLICES = 20
"""The most slices a pie or doughnut shows: each takes a line of its legend."""
MAX_ROWS = 500
"""The most rows a table has: about twenty pages, and forty slides."""
MAX_COLUMNS = 20
"""The most columns a table has: more do not fit across a page or a slide."""
_SPLIT = "split it into several charts, or give the figures as a table"


def parse_number(value: Any) -> float:
    """A number written as text ('12', '-3.5', '1e6'), or a ValueError that says what is wrong with it."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u2212", "-")
        if not _NUMBER.fullmatch(text):
            raise ValueError(f"'{_printable_text(value)}' is not a number{_hint(text)}")
        number = float(text)
    elif value is None:
        raise ValueError("a value is missing; write a number (0 if it is zero)")
    else:
        raise ValueError("expected a number, found a list or mapping")
    if not math.isfinite(number):
        raise ValueError(f"'{value}' is too large a number")
    return number


def _hint(text: str) -> str:
    if not text:
        return "; write a number (0 if it is zero)"
    if "," in text:
        return "; write it with '.' for decimals and no thousands separators, e.g. 1234.5"
    if text.endswith("%"):
        return "; write the number alone and set 'unit: %'"
    return ""


def _printable_text(value: str) -> str:
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in value)


def looks_numeric(cell: str) -> bool:
    """Whether a table cell reads as a number ('1,204', '-3.5', '12%', '**671**'): such columns align right."""
    return _cell_number(cell) is not None


def _cell_number(cell: str) -> re.Match | None:
    return _CELL_NUMBER.fullmatch(cell.strip().strip("*_").replace("\u2212", "-"))


def printed_cell(cell: str, language: str, grouped: bool = False) -> str:
    """A table cell as the language writes it: a number ('-1,234.5', '12%', '**+41**') with the language's
    marks, with the decimals as written, grouped as written or when `grouped` ('−1 234,5', '12 %', '**+41**'
    in French); text as written."""
    match = _cell_number(cell)
    if match is None:
        return cell
    sign, whole, decimals, percent = match.groups()
    pattern = Pattern(grouped or "," in whole, len(decimals or "") - 1 if decimals else 0, bool(percent))
    value = float(f"{sign}{whole.replace(',', '') or '0'}{decimals or ''}")
    text = number(value, pattern, language, plus=sign == "+")
    core = cell.strip().strip("*_")
    start = cell.index(core)
    return cell[:start] + text + cell[start + len(core):]


_YEAR = re.compile(r"[12]\d{3}")


def _years(cells: list[str]) -> bool:
    """Whether a column's numbers are years ('2026'), which are never grouped."""
    numbers = [c.strip().strip("*_") for c in cells if looks_numeric(c)]
    return bool(numbers) and all(_YEAR.fullmatch(n) for n in numbers)


def _printed_day(cell: str, language: str) -> str:
    """A cell that is a day or a range of days in ISO form as `language` writes dates; any other as it is."""
    try:
        return printed_date(cell, language) or cell
    except ValueError:  # '2026-02-30' is no day: the cell is printed as written
        return cell


def _located(where: tuple[str | int, ...], message: str) -> PydanticCustomError:
    """An error the loader reports at `where`, a place inside the block (e.g. ('series', 1, 'values'))."""
    return PydanticCustomError("located", "{message}", {"message": message, "at": where})


Number = Annotated[float, BeforeValidator(parse_number)]
"""A number: digits, an optional sign and decimal point ('-3.5'), no thousands separators."""

Cell = Annotated[str, BeforeValidator(lambda v: "" if v is None else v), StringConstraints(strip_whitespace=True),
                 AfterValidator(_printable), WithJsonSchema({"type": ["string", "number", "null"]})]
"""A table cell: text as written (empty allowed), with optional inline markup."""


def _number_format(value: str) -> str:
    """A format as spreadsheets write it, or a ValueError that offers the one probably meant."""
    if _FORMAT.fullmatch(value):
        return value
    text = value.strip()
    habit, head = _FORMAT_HABIT.fullmatch(text), _FORMAT.match(text)
    unit = text[head.end():].strip() if head else ""
    if habit:
        meant = ("#,##0" if habit[1] else "0") + (f".{habit[2]}" if habit[2] else "")
        hint = f"; did you mean '{meant}'?" if meant != value else ""
    elif unit and not unit[0].isdigit():
        hint = f"; did you mean '{head[0]}', with 'unit: {_printable_text(unit)}'?"
    else:
        hint = ""
    raise ValueError(f"'{_printable_text(value)}' is not a number format: write it as a spreadsheet does, with "
                     f"'.' before the decimals and ',' between thousands ('0', '0.0', '#,##0', '#,##0.00', up to "
                     f"{MAX_DECIMALS} decimals){hint}")


NumberFormat = Annotated[str, AfterValidator(_number_format),
                         WithJsonSchema({"type": "string", "pattern": f"^{_FORMAT.pattern}$"})]
"""How numbers are printed, written the same in every language: '0' (whole numbers), '0.0' (one decimal,
up to four: '0.0000'), '#,##0' (thousands grouped), '#,##0.00'. '.' marks the decimals and ',' the
groups; each output prints them as the brief's language does (French: '1 234,5', '−14,7'). A
percent sign comes from 'unit: %', not from the format."""


class Column(Strict):
    """A table's column: its heading, and how its cells are set."""

    heading: Text
    """The column's heading, e.g. 'Exports'."""
    unit: Text | None = None
    """The unit of its numbers, printed under the heading, e.g. 'USD million'."""
    align: Literal["left", "center", "right"] | None = None
    """How its cells align; by default right when every cell is a number, left otherwise."""
    status: bool = False
    """Whether its cells are status words (on track, at risk, off track, done, open, red, amber, green),
    each printed as a mark and its word in the brief's language; a cell may be empty."""


def _column(value: Any) -> Any:
    return {"heading": value} if isinstance(value, str) else value


CONSTANT_ROWS = 3
"""The fewest rows in which a column of one value moves into the table's lead-in."""


class ShownTable(Strict):
    """A table as both outputs print it: the columns that vary, and the constant ones as (heading, value)."""

    columns: list[Column]
    """The columns printed, in order."""
    headings: list[str]
    """Their headings, each with its unit."""
    aligns: list[str]
    """Their alignments."""
    rows: list[list[str | Mark]]
    """The rows' cells in those columns, numbers as the language writes them, a status column's as marks."""
    constants: list[tuple[str, str]]
    """(heading with unit, value) of each column left out because every row has the same value:
    printed once above the table, 'Year: 2025'."""


class TableBlock(Messaged):
    """A table of data: a header row of columns, then rows; numbers align right, in tabular figures."""

    table: Title
    """The table's caption, e.g. 'Trade in goods, 2021–2025'."""
    columns: list[Annotated[Column, BeforeValidator(_column, json_schema_input_type=Text | Column)]] = []
    """The columns, in order: a heading alone ('Year'), or heading, unit and align. From a CSV file,
    its first line gives the headings."""
    rows: list[list[Cell]] = []
    """The rows, each a list of cells, one per column. A cell that is a number ('1,234.5', '-3.5', '+41',
    '12%') is written with '.' for decimals and ',' between thousands, and printed as the brief's language
    writes numbers (French: '1 234,5', '−3,5', '+41', '12 %'), its thousands grouped unless its column holds years."""
    csv: Text | None = None
    """A CSV file beside the brief that holds the table instead: the first line the headings, then rows."""
    source: SourceText | None = None
    """Where the figures come from, printed under the table: text, which may cite ('[@imf-2024]'), or a
    list of source ids ([tass-2025, imf-2024])."""
    notes: Prose | None = None
    """Notes printed under the table."""
    total: bool | None = None
    """Whether the last row is a total, set off by a rule above it; by default, when its first cell
    begins with 'Total'."""

    @model_validator(mode="after")
    def _rectangular(self) -> TableBlock:
        if not self.columns:
            raise _located(("columns",), "a table needs its columns: add 'columns:' (or 'csv:')")
        if not self.rows:
            raise _located(("rows",), "a table needs rows: add 'rows:' (or 'csv:')")
        if len(self.columns) > MAX_COLUMNS:
            raise _located(("columns", MAX_COLUMNS), f"this table has {len(self.columns)} columns, and a table has "
                           f"at most {MAX_COLUMNS}; split it into several tables")
        if len(self.rows) > MAX_ROWS:
            raise _located(("rows", MAX_ROWS), f"this table has {len(self.rows)} rows, and a table has at most "
                           f"{MAX_ROWS}; keep the rows the meeting needs, or split it into several tables")
        for k, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise _located(("rows", k), f"has {len(row)} cell(s) for {len(self.columns)} column(s); "
                                            "give one cell per column (an empty one as '')")
            for c, column in enumerate(self.columns):
                if column.status and row[c] and written_status(row[c]) not in WORDS:
                    raise _located(("rows", k, c), f"'{_printable_text(row[c])}' is not a status; this column's "
                                   f"cells are status words: {', '.join(WORDS)} (or empty)")
        return self

    def aligns(self) -> list[str]:
        """Each column's alignment: as written, or right for a column of numbers (but the first, the stub)."""
        out = []
        for c, column in enumerate(self.columns):
            cells = [row[c] for row in self.rows if row[c]]
            numeric = c > 0 and bool(cells) and all(looks_numeric(x) for x in cells)
            out.append(column.align or ("right" if numeric else "left"))
        return out

    @property
    def total_row(self) -> bool:
        """Whether the last row is a total: as written in `total:`, or when its first cell begins with 'Total'
        (as read: '**Total**' too)."""
        if self.total is not None:
            return self.total and len(self.rows) > 1
        return len(self.rows) > 1 and to_plain(self.rows[-1][0]).strip().casefold().startswith("total")

    def printed_rows(self, language: str) -> list[list[str]]:
        """The rows with their numbers, and their days ('2026-03-11'), as `language` writes them: thousands
        grouped ('1450' → '1,450'), but in a column of years."""
        grouped = [not _years([row[c] for row in self.rows]) for c in range(len(self.columns))]
        return [[_printed_day(printed_cell(cell, language, grouped[c]), language) for c, cell in enumerate(row)]
                for row in self.rows]

    def headings(self) -> list[str]:
        """Each column's heading with its unit: 'Exports (USD million)'."""
        return [f"{c.heading} ({c.unit})" if c.unit else c.heading for c in self.columns]

    def constant_columns(self) -> list[int]:
        """The columns, the first aside, that hold one value in every row (three rows or more), a total
        row aside when it holds the same value or none."""
        body = self.rows[:-1] if self.total_row else self.rows
        if len(body) < CONSTANT_ROWS:
            return []
        last = self.rows[-1] if self.total_row else None
        return [c for c in range(1, len(self.columns))
                if not self.columns[c].status and body[0][c] and all(row[c] == body[0][c] for row in body) and (last is None or last[c] in ("", body[0][c]))]

    def shown(self, language: str) -> ShownTable:
        """The table as printed in `language`: a column of one value leaves it for the lead-in ('Year: 2025')."""
        constant = self.constant_columns()
        kept = [c for c in range(len(self.columns)) if c not in constant]
        headings, aligns, rows = self.headings(), self.aligns(), self.printed_rows(language)
        marked = [c for c, column in enumerate(self.columns) if column.status]
        rows = [[mark(written_status(cell)) if c in marked and cell else cell for c, cell in enumerate(row)]
                for row in rows]
        return ShownTable(columns=[self.columns[c] for c in kept], headings=[headings[c] for c in kept],
                          aligns=[aligns[c] for c in kept], rows=[[row[c] for c in kept] for row in rows],
                          constants=[(headings[c], rows[0][c]) for c in constant])


class Series(Strict):
    """One series of a chart: its name and one value per category."""

    name: Text
    """The series' name, shown in the legend, e.g. 'Exports'."""
    values: list[Number] = Field(min_length=1)
    """One number per category, in the categories' order."""


ChartKind = Literal["column", "stacked column", "bar", "stacked bar", "line", "pie", "doughnut"]

ROUND = ("pie", "doughnut")
ROUND_SLICES = 4
"""The most slices a pie or doughnut keeps by default: with more, it is drawn as a sorted bar chart."""
MAX_LABELLED = 12
"""The most columns or bars a chart labels with their values by default; with more, it draws gridlines."""
MAX_LABELLED_POINTS = 8
"""The most points a line (of at most two) labels with their values by default."""
LABEL_GAP = 0.5
"""The gap between a point and its label, in label heights."""


class ChartBlock(Messaged):
    """A chart: vector graphics in the PDF, a native chart with its data in the deck."""

    chart: Title
    """The chart's caption, e.g. 'Bilateral trade, 2021–2025'."""
    kind: ChartKind = "column"
    """column, stacked column, bar, stacked bar, line, pie or doughnut."""
    categories: list[Text] = []
    """The categories along the axis (or the slices of a pie), e.g. years."""
    series: list[Series] = []
    """The series, each with one value per category; a pie or doughnut has one."""
    csv: Text | None = None
    """A CSV file beside the brief that holds the data instead: the first column the categories, each
    other column a series, with its name on the first line."""
    unit: Text | None = None
    """The unit of the values, e.g. 'USD million' or '%'."""
    format: NumberFormat | None = None
    """How the values are printed, in one pattern language for every brief: '0' (whole numbers), '0.0' (one
    decimal; up to four, '0.0000'), '#,##0' (thousands grouped), '#,##0.00'. Write '.' before the decimals
    and ',' between thousands whatever the language: each output prints the language's own marks (French
    '1 234,5', '−14,7'). A percent sign comes from 'unit: %'. By default as the data needs."""
    source: SourceText | None = None
    """Where the figures come from, printed under the chart: text, which may cite ('[@imf-2024]'), or a
    list of source ids ([tass-2025, imf-2024])."""
    alt: Text | None = None
    """What the chart shows, for readers who cannot see it; by default written from the data."""
    labels: bool | None = None
    """Whether each value is printed on its column, bar, slice or point (data labels). By default yes
    when there are few: at most 12 columns or bars (a stacked column counts once), or at most two lines
    of at most 8 points; a chart with more draws gridlines instead, and a line then labels its last
    point. Either way, a stacked chart prints each column's total beyond it (unless all are equal).
    `labels: false` asks for gridlines, `labels: true` for values."""
    gridlines: bool | None = None
    """Whether the value axis draws gridlines; by default exactly when the values are not printed
    (`labels`), never both."""
    keep_pie: bool = False
    """A pie or doughnut of more than four slices is drawn as a bar chart, its bars sorted from the
    largest (thin slices cannot be compared); `keep_pie: true` keeps it round."""

    @model_validator(mode="after")
    def _consistent(self) -> ChartBlock:
        if not self.categories:
            raise _located(("categories",), "a chart needs its categories: add 'categories:' (or 'csv:')")
        if not self.series:
            raise _located(("series",), "a chart needs a series: add 'series:' (or 'csv:')")
        round_, n, m = self.kind in ROUND, len(self.categories), len(self.series)
        if round_ and n > MAX_SLICES:
            raise _located(("categories", MAX_SLICES), f"this {self.kind} chart has {n} slices, and a {self.kind} "
                           f"chart shows at most {MAX_SLICES}; group the smallest as one 'Other' slice, or use a "
                           "bar chart or a table")
        if n > MAX_POINTS:
            raise _located(("categories", MAX_POINTS), f"this chart has {n} categories, and a chart shows at most "
                                                       f"{MAX_POINTS}; {_SPLIT}")
        if not round_ and m > MAX_SERIES:
            raise _located(("series", MAX_SERIES), f"this chart has {m} series, and a chart shows at most "
                                                   f"{MAX_SERIES}; {_SPLIT}")
        if m * n > MAX_VALUES:
            raise _located(("series",), f"this chart has {m} series of {n} values, {m * n} in all, and a chart "
                                        f"shows at most {MAX_VALUES}; {_SPLIT}")
        for k, s in enumerate(self.series):
            if len(s.values) != len(self.categories):
                raise _located(("series", k, "values"),
                               f"{len(s.values)} value(s) for {len(self.categories)} categories; give one "
                               "value per category, in their order")
        if round_:
            if len(self.series) > 1:
                raise _located(("series",), f"a {self.kind} chart shows one series, not {len(self.series)}; "
                                            "use a column chart to compare series")
            if any(v < 0 for v in self.series[0].values):
                raise _located(("series", 0, "values"), f"a {self.kind} chart cannot show negative values")
            if not any(self.series[0].values):
                raise _located(("series", 0, "values"), f"a {self.kind} chart needs a value above zero")
        return self

    # -- numbers as both outputs print them

    @property
    def decimals(self) -> int:
        """Decimal places: the format's, or the fewest that print every value exactly."""
        if self.format:
            return Pattern.parse(self.format).decimals
        values = [v for s in self.series for v in s.values]
        return next((d for d in range(MAX_DECIMALS) if all(round(v, d) == v for v in values)), MAX_DECIMALS)

    @property
    def thousands(self) -> bool:
        """Whether to group thousands: the format's choice, by default yes ('#,##0': '1,450' beside '1,000'),
        as the brief's language groups them."""
        return Pattern.parse(self.format).grouped if self.format else True

    @property
    def percent(self) -> bool:
        return self.unit is not None and self.unit.strip() == "%"

    @property
    def pattern(self) -> Pattern:
        """How a value is printed: grouping, decimals, a percent sign."""
        return Pattern(self.thousands, self.decimals, self.percent)

    def number(self, value: float, language: str = "en") -> str:
        """A value as printed on the chart: '1,204.5', '12%' (French: '1 204,5', '12 %')."""
        return number(value, self.pattern, language)

    def excel_format(self, language: str = "en") -> str:
        """The same format for a spreadsheet (the deck's chart and its workbook)."""
        return excel_code(self.pattern, language)

    # -- how the chart is drawn, decided once for both outputs

    def drawn(self) -> ChartBlock:
        """The chart as both outputs draw it: a pie or doughnut of more than four slices becomes a bar
        chart sorted from the largest (unless `keep_pie`); any other chart as written."""
        if self.kind not in ROUND or len(self.categories) <= ROUND_SLICES or self.keep_pie:
            return self
        order = sorted(range(len(self.categories)), key=lambda k: -self.series[0].values[k])
        series = self.series[0].model_copy(update={"values": [self.series[0].values[k] for k in order]})
        return self.model_copy(update={"kind": "bar", "categories": [self.categories[k] for k in order],
                                       "series": [series]})

    @property
    def labelled(self) -> bool:
        """Whether every value is printed (see `labels`): as the author asks, or when there are few."""
        if self.labels is not None:
            return self.labels
        n, m = len(self.categories), len(self.series)
        if self.kind in ROUND:
            return True
        if self.kind == "line":
            return m <= 2 and n <= MAX_LABELLED_POINTS
        return (n if self.kind.startswith("stacked") else n * m) <= MAX_LABELLED

    def gridded(self, labelled: bool) -> bool:
        """Whether to draw gridlines, given whether the values are printed: as asked, or when they are not."""
        return self.gridlines if self.gridlines is not None else not labelled

    def totals(self) -> list[float] | None:
        """The totals a stacked chart prints beyond its columns (the sum of the positive values), or None:
        not stacked, one series, more than 12 columns, or every total the same (shares of 100%)."""
        if not self.kind.startswith("stacked") or len(self.series) < 2 or len(self.categories) > MAX_LABELLED:
            return None
        totals = [sum(max(v, 0) for v in vs) for vs in zip(*(s.values for s in self.series))]
        return None if len(set(totals)) == 1 else totals

    def point_labels(self, height: float) -> list[list[str | None]]:
        """Where a line chart's value labels stand, per series and point: 'above', 'below' or None.

        `height` is a label's height as a share of the value axis. Every point is labelled when the chart
        is `labelled`, else only each line's last point; at each category the labels are placed from the
        highest point down, above their point or else below it, so that none covers another or a point.
        """
        scale = self.scale()
        h = height * (scale.maximum - scale.minimum)
        gap, n = LABEL_GAP * h, len(self.categories)
        out: list[list[str | None]] = [[None] * n for _ in self.series]
        for k in range(n) if self.labelled else [n - 1]:
            values = {j: s.values[k] for j, s in enumerate(self.series)}
            taken: list[tuple[float, float]] = []
            for j in sorted(values, key=lambda j: -values[j]):
                v = values[j]
                points = [(w - gap / 2, w + gap / 2) for i, w in values.items() if i != j]  # other lines' points
                for side, box in (("above", (v + gap, v + gap + h)), ("below", (v - gap - h, v - gap))):
                    if not any(_overlap(box, t) for t in [*taken, *points]):
                        out[j][k] = side
                        taken.append(box)
                        break
        return out

    def scale(self) -> Scale:
        """The value axis, computed once for both outputs: zero-based for columns and bars, a nice range
        for lines, its top a round number above the largest value (total), with room for the labels
        drawn beyond the outermost value. A percent axis ends at 100% when no value is above it."""
        stacked = self.kind.startswith("stacked")
        columns = list(zip(*(s.values for s in self.series)))
        if stacked:
            low = min(sum(min(v, 0) for v in vs) for vs in columns)
            high = max(sum(max(v, 0) for v in vs) for vs in columns)
        else:
            low, high = (f([v for s in self.series for v in s.values]) for f in (min, max))
        if self.kind != "line":
            low, high = min(low, 0.0), max(high, 0.0)
        if self.kind == "line":
            room = (0.03, 0.1)
        elif stacked:
            room = (0.0, 0.06 if self.totals() else 0.0)  # a line for the totals
        else:
            room = (0.1, 0.1) if self.labelled else (0.0, 0.0)
        scale = Scale.around(low, high, room=room, zero_based=self.kind != "line",
                             tick=Pattern(self.thousands, 0, self.percent))
        if self.percent and high <= 100 < scale.maximum and round(100 / scale.unit, 9).is_integer():
            scale = replace(scale, maximum=100.0)  # no share runs past all of it
        return scale

    def alt_text(self, label: Callable[[str], str], language: str = "en") -> str:
        """The author's alternative text, or one written from the data (`label` names the kind of chart)."""
        if self.alt:
            return self.alt
        unit = f" ({self.unit})" if self.unit and not self.percent else ""
        kind = self.drawn().kind
        parts = [f"{label('chart_' + kind.replace(' ', '_'))}: {self.chart}{unit}."]
        for s in self.series:
            values = ", ".join(f"{c} {self.number(v, language)}" for c, v in zip(self.categories, s.values))
            parts.append(f"{s.name}: {values}." if len(self.series) > 1 or kind not in ROUND else f"{values}.")
        return " ".join(parts)


TICKS = 5
"""About how many ticks a value axis has (from 4 to 7)."""


@dataclass(frozen=True)
class Scale:
    """A value axis: its minimum, maximum and major unit, and how its tick labels are printed."""

    minimum: float
    maximum: float
    unit: float
    tick: Pattern
    """The chart's format with the decimals the unit needs: '0, 20, 40', never '0.0, 20.0'."""

    @classmethod
    def around(cls, low: float, high: float, *, room: tuple[float, float], zero_based: bool, tick: Pattern) -> Scale:
        """A nice axis from `low` to `high`, zero-based or not. `room` (below, above) is the share of the axis
        to keep free beyond the outermost values, for their labels or markers: one unit more where it lacks."""
        if high == low:
            low, high = (0.0, 1.0) if high == 0 else (min(0.0, low), max(0.0, high)) if zero_based else \
                (low - abs(low) / 2, high + abs(high) / 2)
        unit = _nice(_nice(high - low, ceiling=False) / (TICKS - 1), ceiling=False)
        decimals = max(0, -math.floor(math.log10(unit)))
        minimum, maximum = math.floor(low / unit) * unit, math.ceil(high / unit) * unit
        span = maximum - minimum
        if (high > 0 or not zero_based) and maximum - high < room[1] * span:
            maximum += unit
        if (low < 0 or not zero_based) and low - minimum < room[0] * span:
            minimum -= unit
        return cls(round(minimum, decimals + 1), round(maximum, decimals + 1), unit,
                   Pattern(tick.grouped, min(decimals, MAX_DECIMALS), tick.percent))

    def ticks(self) -> list[float]:
        """The values the axis marks, from its minimum to its maximum."""
        count = round((self.maximum - self.minimum) / self.unit)
        return [round(self.minimum + k * self.unit, self.tick.decimals + 1) for k in range(count + 1)]


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _nice(x: float, *, ceiling: bool) -> float:
    """A round number near `x` (1, 2 or 5 times a power of ten): at least `x` with `ceiling`, else the nearest."""
    power = 10.0 ** math.floor(math.log10(x))
    fraction = x / power
    steps = ((1, 1), (2, 2), (5, 5), (10, 10)) if ceiling else ((1.5, 1), (3, 2), (7, 5), (math.inf, 10))
    return next(step for limit, step in steps if fraction <= limit) * power


def palette(colors: Any, n: int) -> list[str]:
    """`n` series colours (hex, no '#') from the theme's palette: primary, accent, their light tints, muted.

    Both outputs take their colours from here, so a series is the same colour in the PDF and the deck.
    """
    base = [colors.primary, colors.accent, _mix(colors.primary, 0.5), _mix(colors.accent, 0.5), colors.muted,
            _mix(colors.muted, 0.55)]
    return [base[k % len(base)] if k < len(base) else _mix(base[k % len(base)], 0.3) for k in range(n)]


def _mix(color: str, white: float) -> str:
    """`color` mixed with a share `white` of white."""
    rgb = [int(color[i: i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * white):02X}" for c in rgb)
