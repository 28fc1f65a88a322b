"""Charts for the PDF: matplotlib draws each as SVG, its text kept as text, in the theme's colours and font.

Every text is drawn as written: matplotlib's maths is off ('$5 and $6' prints its dollars).

matplotlib is imported the first time a brief has a chart, never before, so a brief
without one costs nothing more. The SVG carries no date and fixed ids, so the PDF
stays byte-reproducible; WeasyPrint draws it as vectors with selectable labels.
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache

from ..localize import number
from ..markup import to_plain
from ..model import ChartBlock
from ..model.figures import ROUND, luminance, palette
from ..theme import Theme

WIDTH_MM = 170.0
"""The chart's width: an A4 page's text width (it scales to the page's)."""
SIZE = 8.5
"""The labels' size in points."""
LABEL_SIZE = 7.5
"""The data labels' size in points."""
MM = 1 / 25.4


def data_url(chart: ChartBlock, theme: Theme, language: str = "en") -> str:
    """The chart as an SVG data: URL, for an <img> with the chart's alternative text; numbers in `language`."""
    svg = _svg(chart.model_dump_json(), theme.model_dump_json(), language)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


@lru_cache(maxsize=64)
def _svg(chart_json: str, theme_json: str, language: str) -> str:
    chart, theme = ChartBlock.model_validate_json(chart_json), Theme.model_validate_json(theme_json)
    font = theme.fonts.heading
    mpl, Figure = _matplotlib(tuple(str(font.file(bold=b)) for b in (False, True)))
    c = theme.colors
    style = {"svg.fonttype": "none", "svg.hashsalt": "dossier", "font.family": [_family(theme)],
             "font.size": SIZE, "text.color": f"#{c.text}", "axes.labelcolor": f"#{c.muted}",
             "xtick.color": f"#{c.muted}", "ytick.color": f"#{c.muted}", "axes.edgecolor": f"#{c.rule}",
             "xtick.labelcolor": f"#{c.text}", "ytick.labelcolor": f"#{c.text}", "axes.linewidth": 0.8,
             "legend.fontsize": SIZE, "legend.frameon": False, "figure.dpi": 72,
             "text.parse_math": False, "text.usetex": False}  # text is text: '$5 and $6' is not maths
    with mpl.rc_context(style):
        fig = Figure(figsize=(WIDTH_MM * MM, _height_mm(chart) * MM), layout="constrained")
        colors = palette(c, len(chart.categories) if chart.kind in ROUND else len(chart.series))
        if chart.kind in ROUND:
            _round(fig, chart, colors, c, language)
        else:
            _axes(fig, chart, colors, c, language)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


@lru_cache(maxsize=4)
def _matplotlib(fonts: tuple[str, ...]):
    """matplotlib, imported now, with the font files registered (once per process and font)."""
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    for path in dict.fromkeys(fonts):
        font_manager.fontManager.addfont(path)
    return matplotlib, Figure


def _family(theme: Theme) -> str:
    return theme.fonts.heading.family


def _height_mm(chart: ChartBlock) -> float:
    if chart.kind in ROUND:  # as tall as its legend, a line per slice
        return max(72.0, 6.0 + 5.1 * len(chart.categories))
    if chart.kind.endswith("bar"):
        bars = len(chart.categories) * (1 if chart.kind.startswith("stacked") else len(chart.series))
        return min(max(40.0 + 6.5 * bars, 62.0), 160.0)
    return 82.0


def _axes(fig, chart: ChartBlock, colors: list[str], c, language: str) -> None:
    """Columns, bars or lines on a value axis with the unit, gridlines in the rule colour."""
    import numpy as np

    ax = fig.add_subplot()
    n, m = len(chart.categories), len(chart.series)
    positions = np.arange(n)
    horizontal, stacked = chart.kind.endswith("bar"), chart.kind.startswith("stacked")
    ax_w, ax_h = _axes_size_pt(fig, chart)
    if chart.kind == "line":
        label_points = m <= 2 and n <= 10
        for s, color in zip(chart.series, colors):
            ax.plot(positions, s.values, color=f"#{color}", linewidth=2, marker="o", markersize=4, label=s.name,
                    solid_capstyle="round")
            if label_points:
                for x, v in zip(positions, s.values):
                    ax.annotate(chart.number(v, language), (x, v), textcoords="offset points", xytext=(0, 6), ha="center",
                                fontsize=LABEL_SIZE, color=f"#{c.text}")
        ax.margins(x=0.04)
    else:
        width = 0.78 if stacked else 0.8 / m
        pos_base, neg_base = np.zeros(n), np.zeros(n)
        span = max(max(sum(max(v, 0) for v in vs), -sum(min(v, 0) for v in vs))
                   for vs in zip(*(s.values for s in chart.series))) if stacked else \
            max(abs(v) for s in chart.series for v in s.values)
        for k, (s, color) in enumerate(zip(chart.series, colors)):
            values = np.array(s.values)
            offset = 0 if stacked else (k - (m - 1) / 2) * width
            base = np.where(values >= 0, pos_base, neg_base) if stacked else 0
            draw = ax.barh if horizontal else ax.bar
            bars = draw(positions + offset, values, width, base, color=f"#{color}", label=s.name)
            texts = [chart.number(v, language) for v in s.values]
            room_across = width * (ax_h if horizontal else ax_w) / max(n, 1)
            if stacked:
                room_along = [abs(v) / (span or 1) * (ax_w if horizontal else ax_h) * 0.85 for v in s.values]
                fits = [_fits(t, along if horizontal else room_across, room_across if horizontal else along)
                        for t, along in zip(texts, room_along)]
                ink = "FFFFFF" if luminance(color) < 0.45 else c.text
                ax.bar_label(bars, labels=[t if ok else "" for t, ok in zip(texts, fits)], label_type="center",
                             fontsize=LABEL_SIZE, color=f"#{ink}")
                pos_base += np.maximum(values, 0)
                neg_base += np.minimum(values, 0)
            elif all(_fits(t, 1e9 if horizontal else room_across * 1.1, room_across if horizontal else 1e9)
                     for t in texts):
                ax.bar_label(bars, labels=texts, padding=2, fontsize=LABEL_SIZE, color=f"#{c.text}")
    value_axis, category_axis = (ax.xaxis, ax.yaxis) if horizontal else (ax.yaxis, ax.xaxis)
    category_axis.set_ticks(positions, [to_plain(x) for x in chart.categories])
    category_axis.set_tick_params(length=0, pad=4)
    _scale(ax, chart, horizontal, language)
    value_axis.set_tick_params(length=0)
    ax.grid(axis="x" if horizontal else "y", color=f"#{c.rule}", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(side == ("left" if horizontal else "bottom"))
    if any(v < 0 for s in chart.series for v in s.values):
        (ax.axvline if horizontal else ax.axhline)(0, color=f"#{c.muted}", linewidth=0.8)
    if horizontal:
        ax.invert_yaxis()  # the first category on top, as it is read
    if chart.unit and not chart.percent:
        (ax.set_xlabel if horizontal else ax.set_ylabel)(to_plain(chart.unit))
    if m > 1:
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.01), ncol=min(m, 4), handlelength=1.2, borderaxespad=0)


def _round(fig, chart: ChartBlock, colors: list[str], c, language: str) -> None:
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
        ink = "FFFFFF" if luminance(color) < 0.45 else c.text
        ax.text(r * math.cos(angle), r * math.sin(angle), chart.number(value, language), ha="center", va="center",
                fontsize=LABEL_SIZE + 0.5, color=f"#{ink}", fontweight="bold")
    ax.set_aspect("equal")
    ax.legend(wedges, [f"{to_plain(cat)} ({chart.number(v, language)})" for cat, v in zip(chart.categories, values)],
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
    """Whether a data label fits a box of `width` × `height` points (Carlito's digits are half an em)."""
    return len(text) * LABEL_SIZE * 0.52 + 2 <= width and LABEL_SIZE * 1.2 <= height
