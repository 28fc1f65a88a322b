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
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from xml.sax.saxutils import escape
from pptx.util import Pt
from xlsxwriter import Workbook

from ..model.localize import excel_code, number
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
    chart = chart.drawn()
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
        _axes(c, chart, shades, colors, size, rect, measure, language, rtl)
        if rtl:
            _mirror(c, chart.kind.endswith("bar"))
    if rtl and c.has_legend and chart.kind in ROUND:
        c.legend.position = XL_LEGEND_POSITION.LEFT  # the legend is read first
    _positive_axis_ids(c)


def _axes(c, chart: ChartBlock, shades: list[str], colors: Colors, size: float, rect: Rect,
          measure: Measure, language: str, rtl: bool = False) -> None:
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
    lines = chart.point_labels(size * 0.9 * 1.25 / _plot_size(chart, rect)[1]) if chart.kind == "line" else None
    for j, (s, shade, shown) in enumerate(zip(plot.series, shades, labels)):
        if not (any(shown) or (lines and any(lines[j])) or (stacked and chart.labelled and any(s.values))):
            continue
        dl = s.data_labels
        dl.show_value = True
        dl.number_format, dl.number_format_is_linked = chart.excel_format(language), False
        dl.font.size = Pt(size * 0.9)
        dl.font.color.rgb = RGBColor.from_string(on_fill(shade, colors.text) if stacked else colors.text)
        dl.position = (XL_LABEL_POSITION.CENTER if stacked else XL_LABEL_POSITION.ABOVE
                       if chart.kind == "line" else XL_LABEL_POSITION.OUTSIDE_END)
        if lines:
            places = {k: side for k, side in enumerate(lines[j])}
        else:
            beside = _beside(chart, j, shown, rect, size * 0.9, measure, language)
            places = {k: "center" if ok else beside.get(k) for k, ok in enumerate(shown)}
        for k in reversed(range(len(chart.categories))):
            if places[k] != ("above" if lines else "center"):
                dl._element.insert(0, _label(k, places[k], chart.excel_format(language), size * 0.9, colors.text))
        if any(isinstance(x, tuple) for x in places.values()):
            dl._element.append(parse_xml(NO_LEADER_LINES))
    grid = chart.gridded(any(any(x) for x in labels) or bool(lines and chart.labelled))
    value, category = c.value_axis, c.category_axis
    value.has_major_gridlines = grid
    if grid:
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
    c.has_legend = len(chart.series) > 1
    if c.has_legend:
        c.legend.position, c.legend.include_in_layout = XL_LEGEND_POSITION.TOP, False
        c.legend.font.size = Pt(size)
    if chart.unit and not chart.percent:
        ticks = max(measure(number(t, chart.scale().tick, language), size) for t in chart.scale().ticks()) if rtl else 0
        _unit(value, to_plain(chart.unit), colors, size * 0.9, rect, c.has_legend, measure, ticks)
    if stacked and chart.totals():
        _totals(c, chart, colors, size * 0.9, language)


def _plot_size(chart: ChartBlock, rect: Rect) -> tuple[float, float]:
    """About how large the plot area is, in points (the chart less its axes' labels and legend)."""
    return rect.w / EMU_PER_PT - 80, rect.h / EMU_PER_PT - 60 - (30 if len(chart.series) > 1 else 0)


def _unit(value, unit: str, colors: Colors, size: float, rect: Rect, legend: bool, measure: Measure,
          rtl_ticks: float) -> None:
    """The unit as the value axis's title, horizontal, at the top left of the chart, under its legend; in right
    to left (`rtl_ticks`, the width of the value axis's labels on the right), at the top right, left of them."""
    value.has_title = True
    title = value.axis_title.text_frame
    title.text = unit
    run = title.paragraphs[0].runs[0]
    run.font.size, run.font.bold = Pt(size), False
    run.font.color.rgb = RGBColor.from_string(colors.muted)
    element = value.axis_title._element
    body = element.find(".//" + qn("a:bodyPr"))
    body.set("rot", "0"), body.set("vert", "horz")
    top = (size * 2.2 if legend else 0) / (rect.h / EMU_PER_PT)
    left = max(0.0, 1 - (measure(unit, size) + rtl_ticks + 16) / (rect.w / EMU_PER_PT)) if rtl_ticks else 0.0
    layout = element.find(qn("c:layout"))
    layout.append(parse_xml(f'<c:manualLayout {nsdecls("c")}><c:xMode val="edge"/><c:yMode val="edge"/>'
                            f'<c:x val="{left:.4f}"/><c:y val="{top:.4f}"/></c:manualLayout>'))


def _label_xml(size: float, ink: str, bold: bool = False) -> str:
    """A data label's text properties: its size, weight and colour."""
    return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{round(size * 100)}" b="{int(bold)}">'
            f'<a:solidFill><a:srgbClr val="{ink}"/></a:solidFill></a:defRPr></a:pPr><a:endParaRPr lang="en-US"/>'
            '</a:p></c:txPr>')


NO_LEADER_LINES = (f'<c:extLst {nsdecls("c")}><c:ext uri="{{CE6537A1-D6FC-4f65-9D91-7224C49458BB}}" '
                   'xmlns:c15="http://schemas.microsoft.com/office/drawing/2012/chart">'
                   '<c15:showLeaderLines val="0"/></c:ext></c:extLst>')
"""A moved label draws no line back to its segment (Office 2013's extension, which LibreOffice reads)."""
SHOW = ('<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>'
        '<c:showPercent val="0"/><c:showBubbleSize val="0"/>')


def _label(k: int, place: str | tuple[float, float] | None, code: str, size: float, ink: str):
    """Point `k`'s own data label: deleted (None), above or below its point, or moved by (dx, dy), a share of
    the chart's size, beside a segment too small to hold it, in the text colour."""
    if place is None:
        return parse_xml(f'<c:dLbl {nsdecls("c")}><c:idx val="{k}"/><c:delete val="1"/></c:dLbl>')
    layout, position = "", {"above": "t", "below": "b"}.get(place, "ctr") if isinstance(place, str) else "ctr"
    if isinstance(place, tuple):
        layout = (f'<c:layout><c:manualLayout><c:x val="{place[0]:.4f}"/><c:y val="{place[1]:.4f}"/>'
                  '</c:manualLayout></c:layout>')
    return parse_xml(f'<c:dLbl {nsdecls("c", "a")}><c:idx val="{k}"/>{layout}'
                     f'<c:numFmt formatCode="{escape(code, {chr(34): "&quot;"})}" sourceLinked="0"/>'
                     f'<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>{_label_xml(size, ink)}'
                     f'<c:dLblPos val="{position}"/>{SHOW}</c:dLbl>')


def _beside(chart: ChartBlock, j: int, shown: list[bool], rect: Rect, size: float, measure: Measure,
            language: str) -> dict[int, tuple[float, float]]:
    """Where series `j`'s labels go that its stacked segments cannot hold: beside the column (above the bar),
    as an offset from the segment's middle, a share of the chart's size, clear of the series below's."""
    if not chart.kind.startswith("stacked"):
        return {}
    horizontal = chart.kind.endswith("bar")
    width, height = _plot_size(chart, rect)
    chart_w, chart_h = rect.w / EMU_PER_PT, rect.h / EMU_PER_PT
    bar = (height if horizontal else width) / len(chart.categories) / 1.6  # gap width 60
    out = {}
    for k, ok in enumerate(shown):
        value = chart.series[j].values[k]
        if ok or not value:
            continue
        text = chart.number(value, language)
        below = [chart.series[i].values[k] for i in range(j) if not _segment_fits(chart, i, k, rect, size, measure,
                                                                                  language)]
        step = len([v for v in below if v]) * (measure(text, size) + 4 if horizontal else size * 1.3)
        if horizontal:
            out[k] = (step / chart_w, -(bar / 2 + size * 0.8) / chart_h)
        else:
            out[k] = ((bar / 2 + measure(text, size) / 2 + 2) / chart_w, -step / chart_h)
    return out


def _segment_fits(chart: ChartBlock, j: int, k: int, rect: Rect, size: float, measure: Measure, language: str) -> bool:
    return _labels_that_fit(chart, rect, size, measure, language)[j][k]


def _totals(c, chart: ChartBlock, colors: Colors, size: float, language: str) -> None:
    """A stacked column chart's totals above its columns: a line with neither line nor markers on the
    same axes, its values (the totals, written in the chart) labelled above, out of the legend. Bars
    (horizontal) cannot carry a line: their totals are in the notes with the data."""
    if chart.kind.endswith("bar"):
        return
    totals = chart.totals() or []
    m = len(chart.series)
    points = "".join(f'<c:pt idx="{k}"><c:v>{v!r}</c:v></c:pt>' for k, v in enumerate(totals))
    code = escape(chart.excel_format(language), {'"': "&quot;"})
    axes = "".join(f'<c:axId val="{a.get("val")}"/>' for a in c._chartSpace.find(".//" + qn("c:barChart"))
                   .findall(qn("c:axId")))
    line = parse_xml(
        f'<c:lineChart {nsdecls("c", "a")}><c:grouping val="standard"/><c:varyColors val="0"/>'
        f'<c:ser><c:idx val="{m}"/><c:order val="{m}"/><c:spPr><a:ln><a:noFill/></a:ln></c:spPr>'
        '<c:marker><c:symbol val="none"/></c:marker>'
        f'<c:dLbls><c:numFmt formatCode="{code}" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln>'
        f'</c:spPr>{_label_xml(size * 1.05, colors.text, bold=True)}<c:dLblPos val="t"/>{SHOW}</c:dLbls>'
        f'<c:val><c:numLit><c:formatCode>General</c:formatCode><c:ptCount val="{len(totals)}"/>{points}'
        f'</c:numLit></c:val><c:smooth val="0"/></c:ser><c:marker val="1"/>{axes}</c:lineChart>')
    c._chartSpace.find(".//" + qn("c:barChart")).addnext(line)
    if c.has_legend:
        position = c.legend._element.find(qn("c:legendPos"))
        position.addnext(parse_xml(f'<c:legendEntry {nsdecls("c")}><c:idx val="{m}"/><c:delete val="1"/>'
                                   '</c:legendEntry>'))


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
    width, height = _plot_size(chart, rect)
    horizontal, stacked = chart.kind.endswith("bar"), chart.kind.startswith("stacked")
    across = (height if horizontal else width) / n  # the room each category has across the axis
    along = width if horizontal else height
    texts = [[chart.number(v, language) for v in s.values] for s in chart.series]
    line = size * 1.25
    if not chart.labelled:
        return [[False] * n for _ in texts]
    if chart.kind == "line":
        return [[True] * n for _ in texts]
    if stacked:
        scale = chart.scale()
        span = (scale.maximum - scale.minimum) or 1.0
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
