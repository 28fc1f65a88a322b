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
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from .text import Prose, Strict, Text, Title, _printable

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_CELL_NUMBER = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?|[+-]?\.\d+%?")
_FORMAT = re.compile(r"(#,##0|0)(\.(0{1,4}))?")
_FORMAT_HABIT = re.compile(r"(?:#[ \u00a0\u202f.'](##0)|0)(?:[.,](0{1,4}))?")
"""A format written with another country's marks: '0,0', '# ##0', '#.##0,00'."""
MAX_DECIMALS = 4
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
    return bool(_CELL_NUMBER.fullmatch(cell.strip().strip("*_").replace("\u2212", "-")))


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
"""How numbers are printed, in spreadsheet style: '0', '0.0', '#,##0', '#,##0.00'."""


class Column(Strict):
    """A table's column: its heading, and how its cells are set."""

    heading: Text
    """The column's heading, e.g. 'Exports'."""
    unit: Text | None = None
    """The unit of its numbers, printed under the heading, e.g. 'USD million'."""
    align: Literal["left", "center", "right"] | None = None
    """How its cells align; by default right when every cell is a number, left otherwise."""


def _column(value: Any) -> Any:
    return {"heading": value} if isinstance(value, str) else value


class TableBlock(Strict):
    """A table of data: a header row of columns, then rows; numbers align right, in tabular figures."""

    table: Title
    """The table's caption, e.g. 'Trade in goods, 2021–2025'."""
    columns: list[Annotated[Column, BeforeValidator(_column, json_schema_input_type=Text | Column)]] = []
    """The columns, in order: a heading alone ('Year'), or heading, unit and align. From a CSV file,
    its first line gives the headings."""
    rows: list[list[Cell]] = []
    """The rows, each a list of cells, one per column."""
    csv: Text | None = None
    """A CSV file beside the brief that holds the table instead: the first line the headings, then rows."""
    source: Text | None = None
    """Where the figures come from, printed under the table."""
    notes: Prose | None = None
    """Notes printed under the table."""

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
        return self

    def aligns(self) -> list[str]:
        """Each column's alignment: as written, or right for a column of numbers (but the first, the stub)."""
        out = []
        for c, column in enumerate(self.columns):
            cells = [row[c] for row in self.rows if row[c]]
            numeric = c > 0 and bool(cells) and all(looks_numeric(x) for x in cells)
            out.append(column.align or ("right" if numeric else "left"))
        return out

    def headings(self) -> list[str]:
        """Each column's heading with its unit: 'Exports (USD million)'."""
        return [f"{c.heading} ({c.unit})" if c.unit else c.heading for c in self.columns]


class Series(Strict):
    """One series of a chart: its name and one value per category."""

    name: Text
    """The series' name, shown in the legend, e.g. 'Exports'."""
    values: list[Number] = Field(min_length=1)
    """One number per category, in the categories' order."""


ChartKind = Literal["column", "stacked column", "bar", "stacked bar", "line", "pie", "doughnut"]

ROUND = ("pie", "doughnut")


class ChartBlock(Strict):
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
    """How the values are printed: '0', '0.0', '#,##0', '#,##0.0'; by default as the data needs."""
    source: Text | None = None
    """Where the figures come from, printed under the chart."""
    alt: Text | None = None
    """What the chart shows, for readers who cannot see it; by default written from the data."""

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
            return len(_FORMAT.fullmatch(self.format)[3] or "")
        values = [v for s in self.series for v in s.values]
        return next((d for d in range(MAX_DECIMALS) if all(round(v, d) == v for v in values)), MAX_DECIMALS)

    @property
    def thousands(self) -> bool:
        """Whether to group thousands: the format's choice, or for values of five digits and more."""
        if self.format:
            return self.format.startswith("#,")
        return any(abs(v) >= 10_000 for s in self.series for v in s.values)

    @property
    def percent(self) -> bool:
        return self.unit is not None and self.unit.strip() == "%"

    def number(self, value: float) -> str:
        """A value as printed on the chart: '1,204.5', '12%'."""
        text = f"{value:{',' if self.thousands else ''}.{self.decimals}f}"
        return text + ("%" if self.percent else "")

    def excel_format(self) -> str:
        """The same format for a spreadsheet (the deck's chart and its workbook)."""
        base = ("#,##0" if self.thousands else "0") + ("." + "0" * self.decimals if self.decimals else "")
        return base + ('"%"' if self.percent else "")

    def alt_text(self, label: Callable[[str], str]) -> str:
        """The author's alternative text, or one written from the data (`label` names the kind of chart)."""
        if self.alt:
            return self.alt
        unit = f" ({self.unit})" if self.unit and not self.percent else ""
        parts = [f"{label('chart_' + self.kind.replace(' ', '_'))}: {self.chart}{unit}."]
        for s in self.series:
            values = ", ".join(f"{c} {self.number(v)}" for c, v in zip(self.categories, s.values))
            parts.append(f"{s.name}: {values}." if len(self.series) > 1 or self.kind not in ROUND else f"{values}.")
        return " ".join(parts)


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


def luminance(color: str) -> float:
    """The colour's relative luminance (0 black, 1 white): dark fills take white labels."""
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(color[i: i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
