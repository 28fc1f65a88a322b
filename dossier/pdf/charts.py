"""Charts for the PDF and the HTML edition: matplotlib draws the shapes as SVG; the text is the page's.

matplotlib lays the chart out (measuring its text in the theme's fonts for the brief's
script) but draws none of its text: each label is recorded where matplotlib would have put
it and written as an HTML box over the picture (`chart_html`). Pango (in the PDF) or the
browser then sets it like the rest of the page: Arabic joined, in logical order, bidi-correct,
in the page's font for the language, selectable and extractable. (WeasyPrint 70 draws SVG
text code point by code point, WeasyPrint#2249, so text inside the SVG cannot be shaped.)

In a right-to-left brief the chart is mirrored: categories run from the right, the value
axis stands on the right, legends read from the right with their keys after the names.

Every text is drawn as written: matplotlib's maths is off ('$5 and $6' prints its dollars).
matplotlib is imported the first time a brief has a chart, never before, so a brief
without one costs nothing more. The SVG carries no date and fixed ids, so the PDF
stays byte-reproducible.
"""

from __future__ import annotations

import base64
import io
import logging
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from ..model.localize import number
from ..model.markup import to_plain
from ..model import ChartBlock
from ..style.contrast import on_fill
from ..model.figures import ROUND, palette
from ..style.labels import primary
from ..style.theme import Font, Theme

WIDTH_MM = 170.0
"""The chart's width: an A4 page's text width (it scales to the page's)."""
NARROW_MM = 96.0
"""The HTML edition's second drawing, for a column narrower than 600 px (a phone): its 8.5 pt labels are
11 px in a 362 px column."""
SIZE = 8.5
"""The labels' size in points."""
LABEL_SIZE = 7.5
"""The data labels' size in points."""
MM = 1 / 25.4


@dataclass(frozen=True)
class Label:
    """A text of the chart, placed as matplotlib placed it, in percent of the chart's width and height."""

    text: str
    anchor: str
    """Which of its edges stands at `x`: 'left', 'right' or 'center' (always centred at `y`)."""
    x: float
    y: float
    role: str
    """'axis' (ticks, units, legends), 'value' (data labels) or 'slice' (a pie's values, bold)."""
    color: str
    rotated: bool = False


def chart_html(chart: ChartBlock, theme: Theme, language: str, rtl: bool, alt: str, *, screen: bool = False) -> Markup:
    """The chart as HTML: its shapes an SVG picture with `alt` as alternative text, its labels page text over it.

    On `screen` (the HTML edition) it is drawn twice, the second time narrow, for a phone's column
    (brief.css shows one of them).
    """
    widths = (WIDTH_MM, NARROW_MM) if screen else (WIDTH_MM,)
    return Markup("").join(_plot(chart, theme, language, rtl, alt, width, "narrow" if width < WIDTH_MM else "wide")
                           for width in widths)


def _plot(chart: ChartBlock, theme: Theme, language: str, rtl: bool, alt: str, width: float, kind: str) -> Markup:
    svg, labels = _draw(chart.model_dump_json(), theme.model_dump_json(), language, rtl, width)
    url = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
    return Markup('<div class="plot {}"><img src="{}" alt="{}">{}</div>').format(
        kind, url, alt, Markup("").join(_label_html(label) for label in labels))


def _label_html(label: Label) -> Markup:
    """One label as an absolutely placed box: its anchoring edge at x, its middle at y."""
    place = {"left": f"left:{label.x:.2f}%", "right": f"right:{100 - label.x:.2f}%",
             "center": f"left:{label.x:.2f}%"}[label.anchor]
    classes = " ".join(["t", label.role, label.anchor, *(["rotated"] if label.rotated else [])])
    return Markup('<span class="{}" style="{};top:{:.2f}%;color:#{}">{}</span>').format(
        classes, place, label.y, label.color, escape(label.text))


@lru_cache(maxsize=64)
def _draw(chart_json: str, theme_json: str, language: str, rtl: bool,
          width_mm: float = WIDTH_MM) -> tuple[str, tuple[Label, ...]]:
    chart, theme = ChartBlock.model_validate_json(chart_json).drawn(), Theme.model_validate_json(theme_json)
    fonts = _fonts(theme, language)
    mpl, Figure = _matplotlib(tuple(str(f.file(bold=b)) for f in fonts for b in (False, True)))
    c = theme.colors
    style = {"svg.fonttype": "none", "svg.hashsalt": "dossier", "font.family": [f.family for f in fonts],
             "font.size": SIZE, "text.color": f"#{c.text}", "axes.labelcolor": f"#{c.muted}",
             "xtick.color": f"#{c.muted}", "ytick.color": f"#{c.muted}", "axes.edgecolor": f"#{c.rule}",
             "xtick.labelcolor": f"#{c.text}", "ytick.labelcolor": f"#{c.text}", "axes.linewidth": 0.8,
             "legend.fontsize": SIZE, "legend.frameon": False, "figure.dpi": 72, "axes.labelpad": 6,
             "text.parse_math": False, "text.usetex": False}  # text is text: '$5 and $6' is not maths
    with mpl.rc_context(style), _quiet():
        fig = Figure(figsize=(width_mm * MM, _height_mm(chart, width_mm) * MM), layout="constrained")
        colors = palette(c, len(chart.categories) if chart.kind in ROUND else len(chart.series))
        if chart.kind in ROUND:
            _round(fig, chart, colors, c, language, rtl)
        else:
            _axes(fig, chart, colors, c, language, rtl)
        out = io.StringIO()
        with _texts_recorded(fig, rtl) as labels:
            fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue(), tuple(labels)


@contextmanager
def _quiet():
    """matplotlib's words about fonts stay out of the user's way: a letter none of the theme's fonts
    has is `check`'s error (glyphs.py), and a face a family lacks (Nastaliq's bold) is found by the page."""
    log = logging.getLogger("matplotlib.font_manager")
    level = log.level
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font")
        log.setLevel(logging.ERROR)
        try:
            yield
        finally:
            log.setLevel(level)


def _fonts(theme: Theme, language: str) -> list[Font]:
    """The fonts matplotlib measures with, as the page sets chart text: the language's, the headings', the fallbacks."""
    own = theme.fonts.languages.get(primary(language))
    return [*([own] if own else []), theme.fonts.heading, *theme.fonts.fallback]


@contextmanager
def _texts_recorded(fig, rtl: bool):
    """While the figure is saved, record each text matplotlib draws as a `Label` instead of drawing it."""
    from matplotlib.backends.backend_svg import RendererSVG
    from matplotlib.colors import to_hex

    labels: list[Label] = []
    legends = {id(t) for legend in _legends(fig) for t in legend.get_texts()}
    width, height = fig.bbox.width, fig.bbox.height

    def record(renderer, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        box = mtext.get_window_extent(renderer) if mtext is not None else None
        if box is None or not s.strip():
            return
        anchor = "center" if angle else mtext.get_horizontalalignment()
        if id(mtext) in legends:  # a legend's name stands against its key, whatever its length
            anchor = "right" if rtl else "left"
        edge = {"left": box.x0, "right": box.x1, "center": (box.x0 + box.x1) / 2}[anchor]
        bold, small = prop.get_weight() in ("bold", 700), prop.get_size_in_points() < SIZE
        role = "slice" if bold else "value" if small else "axis"
        labels.append(Label(mtext.get_text(), anchor, 100 * edge / width, 100 * (1 - (box.y0 + box.y1) / 2 / height),
                            role, to_hex(gc.get_rgb()).lstrip("#").upper(), bool(angle)))

    fig.draw_without_rendering()  # lay out with the text, then keep that layout without it
    fig.set_layout_engine("none")
    original, RendererSVG.draw_text = RendererSVG.draw_text, record
    try:
        yield labels
    finally:
        RendererSVG.draw_text = original


def _legends(fig) -> list:
    return [legend for legend in (*fig.legends, *(ax.get_legend() for ax in fig.axes)) if legend is not None]


@lru_cache(maxsize=4)
def _matplotlib(fonts: tuple[str, ...]):
    """matplotlib, imported now, with the font files registered (once per process and font)."""
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    for path in dict.fromkeys(fonts):
        font_manager.fontManager.addfont(path)
    return matplotlib, Figure


def _height_mm(chart: ChartBlock, width_mm: float = WIDTH_MM) -> float:
    if chart.kind in ROUND:  # as tall as its legend, a line per slice
        return max(72.0, 6.0 + 5.1 * len(chart.categories))
    rows = -(-len(chart.series) // _legend_columns(chart, width_mm)) if len(chart.series) > 1 else 0
    legend = 4.2 * max(0, rows - 2)  # a legend of more than two rows makes the chart taller
    if chart.kind.endswith("bar"):
        bars = len(chart.categories) * (1 if chart.kind.startswith("stacked") else len(chart.series))
        return min(max(40.0 + 6.5 * bars, 62.0), 160.0) + legend
    return 82.0 + legend


def _legend_columns(chart: ChartBlock, width_mm: float) -> int:
    """The legend's columns above the plot: four across the page, two in the narrow drawing."""
    return min(len(chart.series), 4 if width_mm >= WIDTH_MM else 2)


def _axes(fig, chart: ChartBlock, colors: list[str], c, language: str, rtl: bool) -> None:
    """Columns, bars or lines on a value axis: their values printed or gridlines in the rule colour (not
    both, unless the brief asks), a stacked chart's totals beyond its columns, the unit at the top left."""
    import numpy as np

    ax = fig.add_subplot()
    n, m = len(chart.categories), len(chart.series)
    positions = np.arange(n)
    horizontal, stacked = chart.kind.endswith("bar"), chart.kind.startswith("stacked")
    ax_w, ax_h = _axes_size_pt(fig, chart)
    shown = False
    if chart.kind == "line":
        places = chart.point_labels(LABEL_SIZE * 1.25 / ax_h)
        for s, color, place in zip(chart.series, colors, places):
            ax.plot(positions, s.values, color=f"#{color}", linewidth=2, marker="o", markersize=4, label=s.name,
                    solid_capstyle="round")
            for x, v, side in zip(positions, s.values, place):
                if side:
                    up = side == "above"
                    ax.annotate(chart.number(v, language), (x, v), textcoords="offset points",
                                xytext=(0, 5 if up else -5), ha="center", va="bottom" if up else "top",
                                fontsize=LABEL_SIZE, color=f"#{c.text}")
        shown = chart.labelled
        ax.margins(x=0.04)
    else:
        width = 0.78 if stacked else 0.8 / m
        pos_base, neg_base = np.zeros(n), np.zeros(n)
        scale = chart.scale()
        along_pt = (ax_w if horizontal else ax_h) / (scale.maximum - scale.minimum)  # points per unit of value
        across_pt = width * (ax_h if horizontal else ax_w) / max(n, 1)  # a bar's thickness in points
        outside: list[list[tuple[float, str]]] = [[] for _ in range(n)]  # small segments' labels, per column
        draw = ax.barh if horizontal else ax.bar
        for k, (s, color) in enumerate(zip(chart.series, colors)):
            values = np.array(s.values)
            offset = 0 if stacked else (k - (m - 1) / 2) * width
            base = np.where(values >= 0, pos_base, neg_base) if stacked else 0
            bars = draw(positions + offset, values, width, base, color=f"#{color}", label=s.name)
            texts = [chart.number(v, language) for v in s.values]
            if stacked and chart.labelled:
                fits = [_fits(t, abs(v) * along_pt if horizontal else across_pt,
                              across_pt if horizontal else abs(v) * along_pt) for t, v in zip(texts, s.values)]
                ax.bar_label(bars, labels=[t if ok else "" for t, ok in zip(texts, fits)], label_type="center",
                             fontsize=LABEL_SIZE, color=f"#{on_fill(color, c.text)}")
                for j, (t, ok, v) in enumerate(zip(texts, fits, values)):
                    if not ok and v:
                        outside[j].append((float(base[j] + v / 2), t))
                pos_base += np.maximum(values, 0)
                neg_base += np.minimum(values, 0)
            elif not stacked and chart.labelled and \
                    all(_fits(t, 1e9 if horizontal else across_pt * 1.1, across_pt if horizontal else 1e9)
                        for t in texts):
                ax.bar_label(bars, labels=texts, padding=2, fontsize=LABEL_SIZE, color=f"#{c.text}")
                shown = True
        if stacked:
            shown = chart.labelled
            _beside(ax, outside, width, horizontal, along_pt, c.text)
            _totals(ax, chart, positions, horizontal, language, c.text)
    value_axis, category_axis = (ax.xaxis, ax.yaxis) if horizontal else (ax.yaxis, ax.xaxis)
    category_axis.set_ticks(positions, [to_plain(x) for x in chart.categories])
    category_axis.set_tick_params(length=0, pad=4)
    _scale(ax, chart, horizontal, language)
    value_axis.set_tick_params(length=0)
    if chart.gridded(shown):
        ax.grid(axis="x" if horizontal else "y", color=f"#{c.rule}", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(side == ("left" if horizontal else "bottom"))
    if rtl:
        _mirror(ax, horizontal)
    if any(v < 0 for s in chart.series for v in s.values):
        (ax.axvline if horizontal else ax.axhline)(0, color=f"#{c.muted}", linewidth=0.8)
    if horizontal:
        ax.invert_yaxis()  # the first category on top, as it is read
    unit = bool(chart.unit and not chart.percent)
    if unit:
        _unit(fig, ax, to_plain(chart.unit), horizontal, rtl)
    if m > 1:
        from matplotlib.transforms import ScaledTranslation

        columns = _legend_columns(chart, fig.get_figwidth() / MM)
        above = ax.transAxes + ScaledTranslation(0, (UNIT_RISE + SIZE * 1.3 if unit else 0) / 72, fig.dpi_scale_trans)
        _legend(ax, *ax.get_legend_handles_labels(), rtl, ncol=columns, loc="lower left", bbox_to_anchor=(0, 1.01),
                bbox_transform=above, handlelength=1.2, borderaxespad=0)


UNIT_RISE = 6.0
"""How far above the plot the unit stands, in points."""


def _unit(fig, ax, unit: str, horizontal: bool, rtl: bool) -> None:
    """The unit at the top left of the plot (right in right to left), horizontal: over the value axis's
    labels for columns and lines, over the bars' common base for bars."""
    from matplotlib.transforms import ScaledTranslation, blended_transform_factory

    x = (1.0 if rtl else 0.0)
    across = ax.transAxes if horizontal else fig.transFigure
    pad = 0 if horizontal else (-4 if rtl else 4) / 72
    where = blended_transform_factory(across, ax.transAxes) + ScaledTranslation(pad, UNIT_RISE / 72,
                                                                                 fig.dpi_scale_trans)
    ax.text(x, 1.0, unit, transform=where, ha="right" if rtl else "left", va="bottom", fontsize=SIZE,
            color=ax.xaxis.label.get_color())


def _beside(ax, outside: list[list[tuple[float, str]]], width: float, horizontal: bool, along_pt: float,
            ink: str) -> None:
    """The labels of stacked segments too small to hold them, beside their column (above their bar), in the
    text colour, each moved along the column as far as it must to clear the one before."""
    for k, labels in enumerate(outside):
        last, last_size = -float("inf"), 0.0
        for middle, text in sorted(labels):
            size = _text_width(text) if horizontal else LABEL_SIZE * 1.2  # its extent along the column, in points
            middle = max(middle, last + (size + last_size) / 2 / along_pt)
            last, last_size = middle, size
            if horizontal:
                ax.annotate(text, (middle, k - width / 2), textcoords="offset points", xytext=(0, 2), ha="center",
                            va="bottom", fontsize=LABEL_SIZE, color=f"#{ink}", annotation_clip=False)
            else:
                ax.annotate(text, (k + width / 2, middle), textcoords="offset points", xytext=(2, 0), ha="left",
                            va="center", fontsize=LABEL_SIZE, color=f"#{ink}", annotation_clip=False)


def _totals(ax, chart: ChartBlock, positions, horizontal: bool, language: str, ink: str) -> None:
    """A stacked chart's totals beyond its columns (bars), bold, in the text colour."""
    for x, total in zip(positions, chart.totals() or []):
        ax.annotate(chart.number(total, language), (total, x) if horizontal else (x, total), textcoords="offset points",
                    xytext=(4, 0) if horizontal else (0, 3), ha="left" if horizontal else "center",
                    va="center" if horizontal else "bottom", fontsize=LABEL_SIZE + 0.5, fontweight="bold",
                    color=f"#{ink}", annotation_clip=False)


def _mirror(ax, horizontal: bool) -> None:
    """Right to left: the categories (or a bar's values) run from the right, the axis of labels on the right;
    a label that stood past an end (a bar's value, a small segment's) now stands past the other."""
    ax.invert_xaxis()
    ax.yaxis.tick_right()
    ax.yaxis.set_label_position("right")
    if horizontal:
        ax.spines["left"].set_visible(False)
        ax.spines["right"].set_visible(True)
    for label in ax.texts:
        if label.get_horizontalalignment() in ("left", "right") and hasattr(label, "xyann"):
            label.set_horizontalalignment("right" if label.get_horizontalalignment() == "left" else "left")
            label.xyann = (-label.xyann[0], label.xyann[1])


def _legend(ax, handles: list, names: list[str], rtl: bool, *, ncol: int = 1, loc: str,
            bbox_to_anchor: tuple[float, float], **options) -> None:
    """A legend in the reading direction: in right to left, anchored on the mirrored side, read row by
    row from the right, each key after its name."""
    if rtl:
        from matplotlib.patches import Patch

        rows = -(-len(handles) // ncol)
        blank = rows * ncol - len(handles)  # empty places at the end, so that every column is as long
        handles, names = [*handles, *[Patch(visible=False)] * blank], [*names, *[""] * blank]
        order = [r * ncol + (ncol - 1 - j) for j in range(ncol) for r in range(rows)]  # matplotlib fills columns
        handles, names = [handles[k] for k in order], [names[k] for k in order]
        loc = loc.replace("left", "right") if "left" in loc else loc.replace("right", "left")
        bbox_to_anchor = (1 - bbox_to_anchor[0], bbox_to_anchor[1])
    ax.legend(handles, names, ncol=ncol, loc=loc, bbox_to_anchor=bbox_to_anchor, markerfirst=not rtl, **options)


def _round(fig, chart: ChartBlock, colors: list[str], c, language: str, rtl: bool) -> None:
    """A pie or doughnut: the values on the slices that have room, the categories in a legend beside it."""
    ax = fig.add_subplot()
    values = chart.series[0].values
    total = sum(values)
    ring = 0.42 if chart.kind == "doughnut" else 1.0
    wedges, _ = ax.pie(values, colors=[f"#{x}" for x in colors], startangle=90, counterclock=False,
                       wedgeprops={"width": ring, "edgecolor": "white", "linewidth": 1.2})
    import math

    for wedge, value, color in zip(wedges, values, colors):
        if value / total < 0.06:
            continue
        angle = math.radians((wedge.theta1 + wedge.theta2) / 2)
        r = 1 - ring / 2 if chart.kind == "doughnut" else 0.64
        ink = on_fill(color, c.text)
        ax.text(r * math.cos(angle), r * math.sin(angle), chart.number(value, language), ha="center", va="center",
                fontsize=LABEL_SIZE + 0.5, color=f"#{ink}", fontweight="bold")
    ax.set_aspect("equal")
    _legend(ax, wedges, [f"{to_plain(cat)} ({chart.number(v, language)})" for cat, v in zip(chart.categories, values)], rtl,
            loc="center left", bbox_to_anchor=(1.02, 0.5), handlelength=1.0)


def _scale(ax, chart: ChartBlock, horizontal: bool, language: str) -> None:
    """The value axis as the model computes it for both outputs: its limits, its ticks, their labels."""
    scale = chart.scale()
    ticks = scale.ticks()
    (ax.set_xlim if horizontal else ax.set_ylim)(scale.minimum, scale.maximum)
    (ax.set_xticks if horizontal else ax.set_yticks)(ticks, [number(t, scale.tick, language) for t in ticks])


def _axes_size_pt(fig, chart: ChartBlock) -> tuple[float, float]:
    """About how large the plotting area will be, in points (the figure less its labels)."""
    w, h = fig.get_size_inches() * 72
    return w - 70, h - 45 - (18 if len(chart.series) > 1 else 0)


def _fits(text: str, width: float, height: float) -> bool:
    """Whether a data label fits a box of `width` × `height` points."""
    return _text_width(text) + 2 <= width and LABEL_SIZE * 1.2 <= height


def _text_width(text: str) -> float:
    """About how wide a data label is, in points (Carlito's digits are half an em)."""
    return len(text) * LABEL_SIZE * 0.52
