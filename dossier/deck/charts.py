"""Native charts for the deck: python-pptx charts whose data lives in an embedded workbook.

"Edit Data" in PowerPoint opens the workbook, whose cells hold values only: a text
that starts with '=' is a string, never a formula. Its creation date is fixed, so the
deck stays byte-reproducible, and the chart's axis ids are made positive, as the
Open XML schema requires (python-pptx writes negative ones). Colours are the
theme's (the same series colours as the PDF); data labels are shown where they fit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION, XL_TICK_MARK
from pptx.oxml.ns import qn
from pptx.util import Pt
from xlsxwriter import Workbook

from ..model.localize import excel_code
from ..model.markup import to_plain
from ..model import ChartBlock
from ..style.contrast import on_fill
from ..model.figures import ROUND, palette
from ..style.theme import Colors
from .geometry import EMU_PER_PT, Rect

WORKBOOK_DATE = dt.datetime(2000, 1, 1)
"""The creation date written into every embedded workbook (never the clock's)."""
WORKBOOK_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
"""Every text is written as text: a category '=HYPERLINK(…)' stays a string, never a formula or a link."""

TYPES = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED, "stacked column": XL_CHART_TYPE.COLUMN_STACKED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED, "stacked bar": XL_CHART_TYPE.BAR_STACKED,
    "line": XL_CHART_TYPE.LINE_MARKERS, "pie": XL_CHART_TYPE.PIE, "doughnut": XL_CHART_TYPE.DOUGHNUT,
}

Measure = Callable[[str, float], float]
"""The width in points of a text at a size."""


class _Writer(CategoryWorkbookWriter):
    """python-pptx's workbook writer, with a fixed creation date and every text a string."""

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        workbook = Workbook(xlsx_file, WORKBOOK_OPTIONS)
        workbook.set_properties({"created": WORKBOOK_DATE})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class _Data(CategoryChartData):
    @property
    def _workbook_writer(self):
        return _Writer(self)


def add_chart(slide, chart: ChartBlock, rect: Rect, colors: Colors, font: str, size: float,
              measure: Measure, alt: str, language: str = "en", *, rtl: bool = False) -> None:
    """Draw `chart` natively in `rect`: its data embedded, its labels `size` points, in `font`;
    `alt` is its alternative text; numbers are formatted for `language`; `rtl` mirrors it for a
    right-to-left brief."""
    code = chart.excel_format(language)
    data = _Data(number_format=code)
    data.categories = [to_plain(c) for c in chart.categories]
    for s in chart.series:
        data.add_series(to_plain(s.name), s.values)
    frame = slide.shapes.add_chart(TYPES[chart.kind], rect.x, rect.y, rect.w, rect.h, data)
    frame.name = "Chart"
    frame._element.nvGraphicFramePr.cNvPr.set("descr", to_plain(alt))
    c = frame.chart
    c.has_title = False  # the caption is the slide's; no title repeating a series' name
    c.font.name, c.font.size = font, Pt(size)
    c.font.color.rgb = RGBColor.from_string(colors.text)
    shades = palette(colors, len(chart.categories) if chart.kind in ROUND else len(chart.series))
    if chart.kind in ROUND:
        _round(c, chart, shades, colors, size, code)
    else:
        _axes(c, chart, shades, colors, size, rect, measure, language)
        if rtl:
            _mirror(c, chart.kind.endswith("bar"))
    if rtl and c.has_legend and chart.kind in ROUND:
        c.legend.position = XL_LEGEND_POSITION.LEFT  # the legend is read first
    _positive_axis_ids(c)


def _axes(c, chart: ChartBlock, shades: list[str], colors: Colors, size: float, rect: Rect,
          measure: Measure, language: str) -> None:
    plot = c.plots[0]
    horizontal, stacked = chart.kind.endswith("bar"), chart.kind.startswith("stacked")
    if chart.kind != "line":
        plot.gap_width = 60 if stacked else 80
        if stacked:
            plot.overlap = 100
    for s, shade in zip(plot.series, shades):
        rgb = RGBColor.from_string(shade)
        if chart.kind == "line":
            s.smooth = False
            s.format.line.color.rgb = rgb
            s.format.line.width = Pt(2.25)
            s.marker.size = 7
            s.marker.format.fill.solid()
            s.marker.format.fill.fore_color.rgb = rgb
            s.marker.format.line.color.rgb = rgb
        else:
            s.format.fill.solid()
            s.format.fill.fore_color.rgb = rgb
    labels = _labels_that_fit(chart, rect, size * 0.9, measure, language)
    for s, shade, shown in zip(plot.series, shades, labels):
        if not any(shown):
            continue
        dl = s.data_labels
        dl.show_value = True
        dl.number_format, dl.number_format_is_linked = chart.excel_format(language), False
        dl.font.size = Pt(size * 0.9)
        dl.font.color.rgb = RGBColor.from_string(on_fill(shade, colors.text) if stacked else colors.text)
        dl.position = (XL_LABEL_POSITION.CENTER if stacked else XL_LABEL_POSITION.ABOVE
                       if chart.kind == "line" else XL_LABEL_POSITION.OUTSIDE_END)
        for k in reversed([k for k, ok in enumerate(shown) if not ok]):  # no label where it does not fit
            dLbl = dl._element.makeelement(qn("c:dLbl"), {})
            dLbl.append(dLbl.makeelement(qn("c:idx"), {"val": str(k)}))
            dLbl.append(dLbl.makeelement(qn("c:delete"), {"val": "1"}))
            dl._element.insert(0, dLbl)
    value, category = c.value_axis, c.category_axis
    value.has_major_gridlines = True
    value.major_gridlines.format.line.color.rgb = RGBColor.from_string(colors.rule)
    value.major_gridlines.format.line.width = Pt(0.75)
    value.format.line.fill.background()
    value.major_tick_mark = value.minor_tick_mark = XL_TICK_MARK.NONE
    _scale(value, chart, language)
    value.tick_labels.font.color.rgb = RGBColor.from_string(colors.muted)
    category.format.line.color.rgb = RGBColor.from_string(colors.rule)
    category.major_tick_mark = category.minor_tick_mark = XL_TICK_MARK.NONE
    if chart.scale().minimum < 0:  # the categories' names at the low end, not on the zero line among the labels
        category.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    if horizontal:  # the first category on top, as it is read, and the values along the bottom
        category.reverse_order = True
        value._element.find(qn("c:crosses")).set("val", "max")  # the value axis crosses at the last category
    if chart.unit and not chart.percent:
        value.has_title = True
        title = value.axis_title.text_frame
        title.text = to_plain(chart.unit)
        run = title.paragraphs[0].runs[0]
        run.font.size, run.font.bold = Pt(size * 0.9), False
        run.font.color.rgb = RGBColor.from_string(colors.muted)
    c.has_legend = len(chart.series) > 1
    if c.has_legend:
        c.legend.position, c.legend.include_in_layout = XL_LEGEND_POSITION.TOP, False
        c.legend.font.size = Pt(size)


def _mirror(c, horizontal: bool) -> None:
    """Right to left: categories (or a bar's values) run from the right, and the axis of labels stands on the right.

    An axis that runs maxMin puts its minimum on the right, and the axis crossing it at its
    minimum (where it already crosses) moves there with it: for columns and lines the category
    axis runs maxMin, so the value axis stands on the right; for bars (categories already top to
    bottom) the value axis runs maxMin, so the bars grow leftwards from a category axis on the right.
    """
    (c.value_axis if horizontal else c.category_axis).reverse_order = True


def _round(c, chart: ChartBlock, shades: list[str], colors: Colors, size: float, code: str) -> None:
    plot = c.plots[0]
    series = plot.series[0]
    for k, shade in enumerate(shades):
        point = series.points[k]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = RGBColor.from_string(shade)
        point.format.line.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    plot.has_data_labels = True
    dl = plot.data_labels
    dl.show_value = True
    dl.number_format, dl.number_format_is_linked = code, False
    dl.font.size, dl.font.bold = Pt(size), True
    if chart.kind == "pie":
        dl.position = XL_LABEL_POSITION.INSIDE_END
    for k, shade in enumerate(shades):
        label = series.points[k].data_label
        label.font.size, label.font.bold = Pt(size), True
        label.font.color.rgb = RGBColor.from_string(on_fill(shade, colors.text))
    c.has_legend = True
    c.legend.position, c.legend.include_in_layout = XL_LEGEND_POSITION.RIGHT, False
    c.legend.font.size = Pt(size)


def _scale(value, chart: ChartBlock, language: str) -> None:
    """The value axis as the model computes it for both outputs: c:min, c:max, c:majorUnit, the ticks' format."""
    scale = chart.scale()
    value.minimum_scale, value.maximum_scale, value.major_unit = scale.minimum, scale.maximum, scale.unit
    value.tick_labels.number_format = excel_code(scale.tick, language)
    value.tick_labels.number_format_is_linked = False


def _labels_that_fit(chart: ChartBlock, rect: Rect, size: float, measure: Measure,
                     language: str) -> list[list[bool]]:
    """For each series and value, whether its data label fits beside or inside its column, bar or point.

    A clustered or line series is labelled whole or not at all; a stacked one wherever its segment has room.
    """
    n, m = len(chart.categories), len(chart.series)
    width, height = rect.w / EMU_PER_PT - 80, rect.h / EMU_PER_PT - 60 - (30 if m > 1 else 0)
    horizontal, stacked = chart.kind.endswith("bar"), chart.kind.startswith("stacked")
    across = (height if horizontal else width) / n  # the room each category has across the axis
    along = width if horizontal else height
    texts = [[chart.number(v, language) for v in s.values] for s in chart.series]
    line = size * 1.25
    if chart.kind == "line":
        return [[m <= 2 and all(measure(t, size) <= across * 0.9 for t in ts)] * n for ts in texts]
    if stacked:
        span = max(sum(abs(v) for v in vs) for vs in zip(*(s.values for s in chart.series))) or 1.0
        bar = across * 0.6
        return [[(measure(t, size) + 4 <= abs(v) / span * along * 0.85 and line <= bar) if horizontal else
                 (measure(t, size) + 4 <= bar and line + 2 <= abs(v) / span * along * 0.85)
                 for t, v in zip(ts, s.values)] for ts, s in zip(texts, chart.series)]
    bar = across * 0.55 / m
    return [[all((line <= bar * 1.2) if horizontal else (measure(t, size) <= bar * 1.15) for t in ts)] * n
            for ts in texts]


def _positive_axis_ids(c) -> None:
    """Renumber the chart's axis ids 1, 2, … (python-pptx writes negative ones, which the schema refuses)."""
    space = c._chartSpace
    ids: dict[str, str] = {}
    for el in space.iter(qn("c:axId"), qn("c:crossAx")):
        el.set("val", ids.setdefault(el.get("val"), str(len(ids) + 1)))
